using System.Numerics;
using System.Numerics.Tensors;
using Elman.Numerics;

namespace Elman.Layers;

/// <summary>Inverted dropout, as PyTorch applies between stacked RNN layers while training: y = x ⊙ m, m ∈ {0, 1/(1-p)}.</summary>
public static class Dropout
{
    /// <summary>Draws a mask: each element is 0 with probability p, else 1/(1-p).</summary>
    public static void DrawMask<T>(Span<T> mask, double p, SeededRandom random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T keep = T.CreateChecked(1 / (1 - p));
        for (int i = 0; i < mask.Length; i++) mask[i] = random.NextDouble() < p ? T.Zero : keep;
    }

    /// <summary>y = x ⊙ m. All [N].</summary>
    public static void Forward<T>(Span<T> y, ReadOnlySpan<T> x, ReadOnlySpan<T> mask) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Multiply(x, mask, y);

    /// <summary>dx = dy ⊙ m, in place allowed.</summary>
    public static void Backward<T>(Span<T> dx, ReadOnlySpan<T> dy, ReadOnlySpan<T> mask) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Multiply(dy, mask, dx);
}
