using System.Numerics;
using System.Numerics.Tensors;

namespace Elman.Layers;

/// <summary>
/// Moves blocks of time-major [T, B, ·] buffers between original time and each sequence's reversed
/// time, s = len_b - 1 - t, which is how the reverse direction of a bidirectional layer sees a
/// variable-length batch (as PyTorch does with packed sequences): its first step is the sequence's
/// last valid step, and padding stays at the end.
/// </summary>
public static class TimeReversal
{
    /// <summary>
    /// dst[s, b, dstOffset..+width] = src[len_b-1-s, b, srcOffset..+width] for s &lt; len_b, and 0 for
    /// s ≥ len_b (or, with <paramref name="accumulate"/>, adds and leaves padded rows alone).
    /// Row strides are <paramref name="srcStride"/> and <paramref name="dstStride"/>. The map is its own inverse.
    /// </summary>
    public static void Copy<T>(ReadOnlySpan<T> src, int srcStride, int srcOffset, Span<T> dst, int dstStride, int dstOffset,
        int width, ReadOnlySpan<int> lengths, int steps, int batch, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int s = 0; s < steps; s++)
            for (int b = 0; b < batch; b++)
            {
                var to = dst.Slice((s * batch + b) * dstStride + dstOffset, width);
                if (s < lengths[b])
                {
                    var from = src.Slice(((lengths[b] - 1 - s) * batch + b) * srcStride + srcOffset, width);
                    if (accumulate) TensorPrimitives.Add(to, from, to);
                    else from.CopyTo(to);
                }
                else if (!accumulate) to.Clear();
            }
    }

    /// <summary>dst[t, b, dstOffset..+width] = src[t, b, srcOffset..+width] for every row: a strided copy without reversal.</summary>
    public static void CopyColumns<T>(ReadOnlySpan<T> src, int srcStride, int srcOffset, Span<T> dst, int dstStride, int dstOffset, int width, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
            src.Slice(r * srcStride + srcOffset, width).CopyTo(dst.Slice(r * dstStride + dstOffset, width));
    }
}
