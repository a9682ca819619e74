using System.Numerics;
using Elman.Numerics;

namespace Elman.Analysis;

/// <summary>
/// The loss of one sequence, ℓ(y, p_T) = -Σ_k y[k] log p_T[k] = -log p_T[c] for one-hot y with
/// y[c] = 1, and its gradient with respect to the classifier's input h_T, where the chain of
/// Jacobians starts: ∂ℓ/∂h_T = W_oᵀ (p_T - y).
/// </summary>
public static class CrossEntropy
{
    /// <summary>ℓ = -Σ_k y[k] log p[k] for a target distribution y [C]; terms with y[k] = 0 are 0 (0 · log 0 = 0).</summary>
    /// <exception cref="ArgumentException">p and y differ in length.</exception>
    public static T Loss<T>(ReadOnlySpan<T> probabilities, ReadOnlySpan<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (probabilities.Length != target.Length)
            throw new ArgumentException($"p has {probabilities.Length} classes, y has {target.Length}", nameof(target));
        T loss = T.Zero;
        for (int k = 0; k < target.Length; k++)
            if (target[k] != T.Zero) loss -= target[k] * T.Log(probabilities[k]);
        return loss;
    }

    /// <summary>ℓ = -log p[c]: the one-hot case of <see cref="Loss{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">c is not a class of p.</exception>
    public static T Loss<T>(ReadOnlySpan<T> probabilities, int label) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, probabilities.Length);
        return -T.Log(probabilities[label]);
    }

    /// <summary>
    /// ∂ℓ/∂h_T = W_oᵀ (p - onehot(c)), because ∂ℓ/∂logits = p - y for softmax followed by
    /// cross-entropy and logits = W_o h_T + b_o. p: [C]; W_o: [C, H]; result: [H] (overwritten).
    /// </summary>
    public static void HiddenGradient<T>(ReadOnlySpan<T> probabilities, int label, ReadOnlySpan<T> outputWeights, Span<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int classes = probabilities.Length, hidden = result.Length;
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, classes);
        if (outputWeights.Length != classes * hidden)
            throw new ArgumentException($"W_o has {outputWeights.Length} elements, expected C·H = {classes}·{hidden}", nameof(outputWeights));
        Span<T> dLogits = classes <= 256 ? stackalloc T[classes] : new T[classes];
        probabilities.CopyTo(dLogits);
        dLogits[label] -= T.One;
        // [1, H] = [1, C] · [C, H], as Linear.Backward computes dx = dy W.
        Gemm.Multiply(false, false, 1, hidden, classes, dLogits, classes, outputWeights, hidden, result, hidden, accumulate: false);
    }
}
