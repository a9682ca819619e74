using System.Numerics;
using System.Numerics.Tensors;

namespace Elman.Layers;

/// <summary>
/// Mean cross-entropy over a batch with one-hot targets, computed stably by log-sum-exp, with PyTorch's
/// <c>CrossEntropyLoss(weight=w, reduction='mean')</c> semantics:
/// ℓ_b = log Σ_k exp(logits[b,k]) - logits[b, y_b] = -log p_b[y_b], and
/// ℓ = Σ_b w_{y_b} ℓ_b / Σ_b w_{y_b}; without weights (w empty) every w_c = 1 and ℓ = (1/B) Σ_b ℓ_b.
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>
    /// p = softmax(logits) row by row, and the mean loss when labels are given (else NaN).
    /// probabilities, logits: [B, C]; labels: [B] or empty; classWeights: [C], or empty for the plain mean.
    /// When every label's weight is 0 the loss is 0/0 = NaN, as in PyTorch.
    /// </summary>
    public static T Forward<T>(Span<T> probabilities, ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, int batch, int classes,
        ReadOnlySpan<T> classWeights = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T total = T.Zero, weightSum = T.Zero;
        for (int b = 0; b < batch; b++)
        {
            var row = logits.Slice(b * classes, classes);
            var p = probabilities.Slice(b * classes, classes);
            T max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, p);
            TensorPrimitives.Exp(p, p);
            T sum = TensorPrimitives.Sum<T>(p);
            TensorPrimitives.Divide(p, sum, p);
            if (labels.IsEmpty) continue;
            T loss = max + T.Log(sum) - row[labels[b]];
            if (classWeights.IsEmpty) total += loss;
            else
            {
                T w = classWeights[labels[b]];
                total += w * loss;
                weightSum += w;
            }
        }
        if (labels.IsEmpty) return T.NaN;
        return total / (classWeights.IsEmpty ? T.CreateChecked(batch) : weightSum);
    }

    /// <summary>
    /// ∂ℓ/∂logits[b] = w_{y_b} (p_b - onehot(y_b)) / Σ_b' w_{y_b'} (= (p_b - onehot(y_b)) / B without weights).
    /// dLogits, probabilities: [B, C]; labels: [B]; classWeights: [C] or empty.
    /// </summary>
    public static void Backward<T>(Span<T> dLogits, ReadOnlySpan<T> probabilities, ReadOnlySpan<int> labels, int batch, int classes,
        ReadOnlySpan<T> classWeights = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (classWeights.IsEmpty)
        {
            T scale = T.One / T.CreateChecked(batch);
            TensorPrimitives.Multiply(probabilities.Slice(0, batch * classes), scale, dLogits);
            for (int b = 0; b < batch; b++) dLogits[b * classes + labels[b]] -= scale;
            return;
        }
        T weightSum = T.Zero;
        for (int b = 0; b < batch; b++) weightSum += classWeights[labels[b]];
        for (int b = 0; b < batch; b++)
        {
            T scale = classWeights[labels[b]] / weightSum;
            TensorPrimitives.Multiply(probabilities.Slice(b * classes, classes), scale, dLogits.Slice(b * classes, classes));
            dLogits[b * classes + labels[b]] -= scale;
        }
    }
}
