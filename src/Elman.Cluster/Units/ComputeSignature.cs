using System.Numerics;
using System.Runtime.Intrinsics;

namespace Elman.Cluster.Units;

/// <summary>
/// How this machine computes, as far as it changes a result's bits: Elman's kernels run at the widest vector width
/// the CPU accelerates (the GEMM micro-kernel, <see cref="Vector{T}"/> activations), and a different width sums in
/// a different order. A unit carries its client's signature (part of its key), and only a silo with the same one
/// computes it, so that its bytes are the client's local bytes.
/// </summary>
public static class ComputeSignature
{
    /// <summary>This process's signature, e.g. "x64 vector512 vector-float16".</summary>
    public static string Local { get; } =
        $"{System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()} {Widest()} vector-float{Vector<float>.Count}";

    static string Widest() =>
        Vector512.IsHardwareAccelerated ? "vector512"
        : Vector256.IsHardwareAccelerated ? "vector256"
        : Vector128.IsHardwareAccelerated ? "vector128"
        : "scalar";
}
