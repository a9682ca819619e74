using System.Numerics;
using System.Numerics.Tensors;

namespace Elman.Numerics;

/// <summary>
/// Element-wise activation kernels of an Elman layer and their derivatives, computed from the
/// activation's output h (no second tanh): the model code never sees a vector type.
/// </summary>
public static class ActivationKernels
{
    /// <summary>Effectively computes <c>h[i] = tanh(z[i])</c>; z and h may be the same span.</summary>
    public static void Tanh<T>(ReadOnlySpan<T> z, Span<T> h) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Tanh(z, h);

    /// <summary>Effectively computes <c>h[i] = max(z[i], 0)</c>; z and h may be the same span.</summary>
    public static void Relu<T>(ReadOnlySpan<T> z, Span<T> h) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Max(z, T.Zero, h);

    /// <summary>Effectively computes <c>dz[i] = dh[i] · (1 - h[i]²)</c>, the tanh derivative from its output; dh and dz may alias.</summary>
    public static void TanhBackward<T>(ReadOnlySpan<T> h, ReadOnlySpan<T> dh, Span<T> dz) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && h.Length >= Vector<T>.Count)
        {
            var one = Vector<T>.One;
            for (; i <= h.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var hv = new Vector<T>(h.Slice(i));
                (new Vector<T>(dh.Slice(i)) * (one - hv * hv)).CopyTo(dz.Slice(i));
            }
        }
        for (; i < h.Length; i++) dz[i] = dh[i] * (T.One - h[i] * h[i]);
    }

    /// <summary>Effectively computes <c>dz[i] = h[i] &gt; 0 ? dh[i] : 0</c>, the ReLU derivative from its output; dh and dz may alias.</summary>
    public static void ReluBackward<T>(ReadOnlySpan<T> h, ReadOnlySpan<T> dh, Span<T> dz) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && h.Length >= Vector<T>.Count)
        {
            for (; i <= h.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var positive = Vector.GreaterThan(new Vector<T>(h.Slice(i)), Vector<T>.Zero);
                Vector.ConditionalSelect(positive, new Vector<T>(dh.Slice(i)), Vector<T>.Zero).CopyTo(dz.Slice(i));
            }
        }
        for (; i < h.Length; i++) dz[i] = h[i] > T.Zero ? dh[i] : T.Zero;
    }
}
