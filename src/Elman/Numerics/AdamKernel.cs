using System.Numerics;

namespace Elman.Numerics;

/// <summary>
/// The per-element update of Adam (PyTorch's <c>torch.optim.Adam</c>/<c>AdamW</c>, eps outside the square root):
/// <code>
/// g ← g + λθ (L2) or θ ← θ·(1 − lr·λ) (decoupled); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g·g;
/// θ ← θ − (lr/(1−β₁ᵗ))·m / (√v / √(1−β₂ᵗ) + ε)
/// </code>
/// It touches every parameter every step (an embedding of 20,000 words × 64 included), so on word corpora it took
/// more time than the forward and backward passes until it was vectorised. The vector loop performs the same IEEE
/// operations in the same order as <see cref="UpdateScalar{T}"/> (no fused multiply-add), so both give the same bits.
/// </summary>
public static class AdamKernel
{
    /// <summary>The step's constants, already in T.</summary>
    /// <param name="StepSize">lr / (1 − β₁ᵗ).</param>
    /// <param name="SqrtCorrection2">√(1 − β₂ᵗ).</param>
    /// <param name="Beta1">β₁.</param>
    /// <param name="Beta2">β₂.</param>
    /// <param name="Epsilon">ε.</param>
    /// <param name="Decay">λ for the L2 penalty (0 = none).</param>
    /// <param name="Shrink">1 − lr·λ for decoupled decay (1 = none).</param>
    public readonly record struct Coefficients<T>(T StepSize, T SqrtCorrection2, T Beta1, T Beta2, T Epsilon, T Decay, T Shrink)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Updates <paramref name="weights"/> [N] and the moments <paramref name="m"/>, <paramref name="v"/> [N] from <paramref name="gradients"/> [N].</summary>
    public static void Update<T>(Span<T> weights, ReadOnlySpan<T> gradients, Span<T> m, Span<T> v, in Coefficients<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && weights.Length >= Vector<T>.Count)
        {
            var b1 = new Vector<T>(c.Beta1);
            var b2 = new Vector<T>(c.Beta2);
            var oneMinusB1 = new Vector<T>(T.One - c.Beta1);
            var oneMinusB2 = new Vector<T>(T.One - c.Beta2);
            var stepSize = new Vector<T>(c.StepSize);
            var sqrtCorrection2 = new Vector<T>(c.SqrtCorrection2);
            var eps = new Vector<T>(c.Epsilon);
            var decay = new Vector<T>(c.Decay);
            var shrink = new Vector<T>(c.Shrink);
            bool l2 = c.Decay != T.Zero, decoupled = c.Shrink != T.One;
            for (; i <= weights.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var w = new Vector<T>(weights.Slice(i));
                var g = new Vector<T>(gradients.Slice(i));
                if (decoupled) w *= shrink;
                if (l2) g += decay * w;
                var mi = b1 * new Vector<T>(m.Slice(i)) + oneMinusB1 * g;
                var vi = b2 * new Vector<T>(v.Slice(i)) + oneMinusB2 * g * g;
                mi.CopyTo(m.Slice(i));
                vi.CopyTo(v.Slice(i));
                (w - stepSize * mi / (Vector.SquareRoot(vi) / sqrtCorrection2 + eps)).CopyTo(weights.Slice(i));
            }
        }
        UpdateScalar(weights[i..], gradients[i..], m[i..], v[i..], c);
    }

    /// <summary>The same update one element at a time: the reference the vector loop is tested against, and its tail.</summary>
    public static void UpdateScalar<T>(Span<T> weights, ReadOnlySpan<T> gradients, Span<T> m, Span<T> v, in Coefficients<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool l2 = c.Decay != T.Zero, decoupled = c.Shrink != T.One;
        T oneMinusB1 = T.One - c.Beta1, oneMinusB2 = T.One - c.Beta2;
        for (int i = 0; i < weights.Length; i++)
        {
            T w = weights[i], g = gradients[i];
            if (decoupled) w *= c.Shrink;
            if (l2) g += c.Decay * w;
            m[i] = c.Beta1 * m[i] + oneMinusB1 * g;
            v[i] = c.Beta2 * v[i] + oneMinusB2 * g * g;
            weights[i] = w - c.StepSize * m[i] / (T.Sqrt(v[i]) / c.SqrtCorrection2 + c.Epsilon);
        }
    }
}
