using System.Numerics;
using System.Numerics.Tensors;

namespace Elman.Training;

/// <summary>How gradients are clipped before an optimiser step.</summary>
public enum ClipMode
{
    /// <summary>No clipping.</summary>
    None,
    /// <summary>PyTorch's <c>clip_grad_norm_</c>: scale all gradients by min(1, max_norm / (‖g‖₂ + 1e-6)).</summary>
    Norm,
    /// <summary>Pascanu et al. (2013): rescale g to norm threshold only when ‖g‖₂ ≥ threshold.</summary>
    Pascanu,
    /// <summary>PyTorch's <c>clip_grad_value_</c>: clamp every element to [-value, value].</summary>
    Value,
}

/// <summary>
/// Gradient clipping over the whole flat gradient buffer (all parameters together, as
/// <c>torch.nn.utils.clip_grad_norm_</c> does with every parameter of a model).
/// </summary>
public static class GradientClipper
{
    /// <summary>‖g‖₂ over all elements, accumulated in double so large models do not lose precision.</summary>
    public static double TotalNorm<T>(ReadOnlySpan<T> gradients) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        const int chunk = 4096;
        for (int i = 0; i < gradients.Length; i += chunk)
        {
            var part = gradients.Slice(i, Math.Min(chunk, gradients.Length - i));
            sum += double.CreateChecked(TensorPrimitives.SumOfSquares(part));
        }
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// Clips <paramref name="gradients"/> in place and returns the total 2-norm before clipping.
    /// <see cref="ClipMode.Norm"/> scales by min(1, threshold / (‖g‖ + 1e-6)); <see cref="ClipMode.Pascanu"/>
    /// scales by threshold / ‖g‖ when ‖g‖ ≥ threshold; <see cref="ClipMode.Value"/> clamps elements.
    /// A non-finite norm leaves the gradients as they are (the caller decides what to do with it), or,
    /// with <paramref name="errorIfNonfinite"/> (PyTorch's <c>error_if_nonfinite=True</c>), throws.
    /// </summary>
    /// <exception cref="ElmanException"><paramref name="errorIfNonfinite"/> is set and the norm is NaN or ∞.</exception>
    public static double Clip<T>(Span<T> gradients, ClipMode mode, double threshold, bool errorIfNonfinite = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double norm = TotalNorm<T>(gradients);
        if (!double.IsFinite(norm) && errorIfNonfinite)
            throw new ElmanException($"the total 2-norm of the gradients is {norm}, so they cannot be clipped (error_if_nonfinite)");
        if (mode == ClipMode.None || !double.IsFinite(norm)) return norm;
        switch (mode)
        {
            case ClipMode.Norm:
                double coefficient = threshold / (norm + 1e-6);
                if (coefficient < 1) TensorPrimitives.Multiply(gradients, T.CreateChecked(coefficient), gradients);
                break;
            case ClipMode.Pascanu:
                if (norm >= threshold && norm > 0) TensorPrimitives.Multiply(gradients, T.CreateChecked(threshold / norm), gradients);
                break;
            case ClipMode.Value:
                T limit = T.CreateChecked(threshold);
                TensorPrimitives.Clamp(gradients, -limit, limit, gradients);
                break;
        }
        return norm;
    }
}
