namespace Elman.Numerics;

/// <summary>
/// Chooses between computing C = op(A) · op(B) directly and computing Cᵀ = op(B)ᵀ · op(A)ᵀ, written
/// back transposed. The kernel tiles C in blocks of MR = 8 rows × NR columns (32 floats with AVX-512), so a
/// C with few columns, like the [H, D] input-weight gradient for D = 4 or the [B, C] logits for C = 10
/// classes, wastes most of every tile; its transpose fills them.
/// </summary>
/// <remarks>
/// Swapping the operands never changes a result: each element is still one chain of fused multiply-adds
/// over k, and a · b = b · a exactly.
/// </remarks>
internal static class GemmOrientation
{
    /// <summary>Transpose only for a clear gain: the transposed store path costs a little per tile.</summary>
    const double RequiredGain = 0.75;

    /// <summary>True when the kernel should run on the transposed problem (m and n swapped).</summary>
    public static bool ShouldTranspose(int m, int n, int nr) => Cost(n, m, nr) < RequiredGain * Cost(m, n, nr);

    // Kernel cycles per step of k, roughly, to cover an [m, n] output: per NR-column panel, 8 per full
    // 8-row tile; a 1-, 2- or 4-row tail tile is bound by FMA latency instead (about 4, 4 and 4.5);
    // 5 to 7 rows take the full 8-row kernel.
    static double Cost(int m, int n, int nr)
    {
        int tail = m % GemmMicroKernel.Rows;
        double tailCost = tail switch { 0 => 0, <= 2 => 4, <= 4 => 4.5, _ => 8 };
        return (double)((n + nr - 1) / nr) * (m / GemmMicroKernel.Rows * 8 + tailCost);
    }
}
