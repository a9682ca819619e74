using System.Numerics;
using Elman.Numerics;

namespace Elman.Layers;

/// <summary>σ and σ' for a <see cref="Nonlinearity"/>; σ' is computed from h = σ(z), which is all BPTT keeps.</summary>
public static class Activation
{
    /// <summary>h = σ(z), in place allowed.</summary>
    public static void Forward<T>(Nonlinearity nonlinearity, ReadOnlySpan<T> z, Span<T> h) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (nonlinearity == Nonlinearity.Tanh) ActivationKernels.Tanh(z, h);
        else ActivationKernels.Relu(z, h);
    }

    /// <summary>dz = dh ⊙ σ'(z), with σ'(z) = 1 - h² (tanh) or [h &gt; 0] (ReLU); in place allowed.</summary>
    public static void Backward<T>(Nonlinearity nonlinearity, ReadOnlySpan<T> h, ReadOnlySpan<T> dh, Span<T> dz) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (nonlinearity == Nonlinearity.Tanh) ActivationKernels.TanhBackward(h, dh, dz);
        else ActivationKernels.ReluBackward(h, dh, dz);
    }

    /// <summary>σ'(z) for one element, from h = σ(z): 1 - h² (tanh) or 1 if h &gt; 0 else 0 (ReLU).</summary>
    public static T Derivative<T>(Nonlinearity nonlinearity, T h) where T : unmanaged, IFloatingPointIeee754<T>
        => nonlinearity == Nonlinearity.Tanh ? T.One - h * h : (h > T.Zero ? T.One : T.Zero);
}
