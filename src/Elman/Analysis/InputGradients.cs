using System.Numerics;
using System.Numerics.Tensors;
using Elman.Numerics;

namespace Elman.Analysis;

/// <summary>
/// ∂ℓ/∂x_i for i = 1..T of one sequence: the gradient that reaches step i's input (the dense x_i or token
/// i's embedding row), through every direction of layer 0:
/// ∂ℓ/∂x_i = Σ_d W_ih^(0,d)ᵀ (σ'(z_i^(0,d)) ⊙ ∂ℓ/∂h_i^(0,d)), [D],
/// with ∂ℓ/∂h_i^(0,d) from <see cref="HiddenGradients{T}"/>. It is what <c>RnnClassifier.Backward</c>
/// adds into the embedding row of token i (or returns as the input gradient of dense x).
/// </summary>
public sealed class InputGradients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly T[] _dx;   // [T + 1, D], row i = ∂ℓ/∂x_i, row 0 unused

    InputGradients(int length, int inputSize, T[] dx)
    {
        Length = length;
        Size = inputSize;
        _dx = dx;
    }

    /// <summary>∂ℓ/∂x_i for every step of a labelled <paramref name="trace"/>.</summary>
    /// <exception cref="InvalidOperationException">The trace has no label.</exception>
    public static InputGradients<T> Compute(SequenceTrace<T> trace)
    {
        int steps = trace.Length, h = trace.Config.HiddenSize, d = trace.Config.InputSize;
        var dx = new T[(steps + 1) * d];
        var dz = new T[h];
        foreach (var g in HiddenGradients<T>.ComputeDirections(trace, 0))
            for (int i = 1; i <= steps; i++)
            {
                // dz_i = σ'(z_i) ⊙ dh_i; dx_i += dz_i W_ih, [1, D] = [1, H] · [H, D].
                TensorPrimitives.Multiply(g[i], trace.Derivative(0, i, g.Direction), dz);
                Gemm.Multiply(false, false, 1, d, h, dz, h, trace.InputWeights(0, g.Direction), d, dx.AsSpan(i * d, d), d, accumulate: true);
            }
        return new InputGradients<T>(steps, d, dx);
    }

    /// <summary>T.</summary>
    public int Length { get; }
    /// <summary>D: the input (or embedding) size.</summary>
    public int Size { get; }

    /// <summary>∂ℓ/∂x_i, i = 1..T: [D].</summary>
    public ReadOnlySpan<T> this[int i]
        => i >= 1 && i <= Length ? _dx.AsSpan(i * Size, Size) : throw new ArgumentOutOfRangeException(nameof(i), i, $"expected 1 ≤ i ≤ T = {Length}");

    /// <summary>‖∂ℓ/∂x_i‖₂.</summary>
    public double Norm(int i) => Math.Sqrt(double.CreateChecked(TensorPrimitives.SumOfSquares(this[i])));
}
