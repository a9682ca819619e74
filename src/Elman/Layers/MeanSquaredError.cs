using System.Numerics;

namespace Elman.Layers;

/// <summary>The regression loss, PyTorch's <c>MSELoss</c> with mean reduction over a batch of single outputs: ℓ = (1/B) Σ_b (ŷ_b - y_b)².</summary>
public static class MeanSquaredError
{
    /// <summary>ℓ = (1/B) Σ_b (ŷ_b - y_b)². predictions, targets: [B].</summary>
    public static T Forward<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int b = 0; b < targets.Length; b++)
        {
            T e = predictions[b] - targets[b];
            sum += e * e;
        }
        return sum / T.CreateChecked(targets.Length);
    }

    /// <summary>∂ℓ/∂ŷ_b = 2 (ŷ_b - y_b) / B. dPredictions, predictions, targets: [B].</summary>
    public static void Backward<T>(Span<T> dPredictions, ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T scale = T.CreateChecked(2) / T.CreateChecked(targets.Length);
        for (int b = 0; b < targets.Length; b++) dPredictions[b] = scale * (predictions[b] - targets[b]);
    }
}
