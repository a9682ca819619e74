using System.Numerics;
using System.Numerics.Tensors;

namespace Elman.Layers;

/// <summary>
/// Mean cross-entropy over a batch with one-hot targets, computed stably by log-sum-exp:
/// ℓ = (1/B) Σ_b [log Σ_k exp(logits[b,k]) - logits[b, y_b]] = (1/B) Σ_b -log p_b[y_b].
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>
    /// p = softmax(logits) row by row, and the mean loss when labels are given (else NaN).
    /// probabilities, logits: [B, C]; labels: [B] or empty.
    /// </summary>
    public static T Forward<T>(Span<T> probabilities, ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, int batch, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T total = T.Zero;
        for (int b = 0; b < batch; b++)
        {
            var row = logits.Slice(b * classes, classes);
            var p = probabilities.Slice(b * classes, classes);
            T max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, p);
            TensorPrimitives.Exp(p, p);
            T sum = TensorPrimitives.Sum<T>(p);
            TensorPrimitives.Divide(p, sum, p);
            if (!labels.IsEmpty) total += max + T.Log(sum) - row[labels[b]];
        }
        return labels.IsEmpty ? T.NaN : total / T.CreateChecked(batch);
    }

    /// <summary>∂ℓ/∂logits[b] = (p_b - onehot(y_b)) / B. dLogits, probabilities: [B, C]; labels: [B].</summary>
    public static void Backward<T>(Span<T> dLogits, ReadOnlySpan<T> probabilities, ReadOnlySpan<int> labels, int batch, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T scale = T.One / T.CreateChecked(batch);
        TensorPrimitives.Multiply(probabilities.Slice(0, batch * classes), scale, dLogits);
        for (int b = 0; b < batch; b++) dLogits[b * classes + labels[b]] -= scale;
    }
}
