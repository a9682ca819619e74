using System.Numerics;
using System.Numerics.Tensors;

namespace Elman.Layers;

/// <summary>
/// The masked reductions over time of <see cref="Pooling.Max"/> and <see cref="Pooling.Mean"/>: the
/// classifier's input from a time-major [T, B, W] layer output in original time, each sequence reading
/// only its valid rows t &lt; len_b (0-based), whatever its padded rows hold.
/// </summary>
public static class SequencePooling
{
    /// <summary>
    /// max: p[b, j] = max_{t &lt; len_b} o[t, b, j], argMax[b, j] = the first t that attains it (ties go to
    /// the earliest step); mean: p[b, j] = (1/len_b) Σ_{t &lt; len_b} o[t, b, j].
    /// p: [B, W] (output); argMax: [B, W] (output, max only; empty for mean); o: [T, B, W]; lengths: [B], 1 ≤ len_b ≤ T.
    /// </summary>
    public static void Forward<T>(Pooling pooling, Span<T> p, Span<int> argMax, ReadOnlySpan<T> o, ReadOnlySpan<int> lengths, int batch, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (pooling is not (Pooling.Max or Pooling.Mean)) throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "expected max or mean pooling");
        for (int b = 0; b < batch; b++)
        {
            var pb = p.Slice(b * width, width);
            o.Slice(b * width, width).CopyTo(pb);   // t = 0
            if (pooling == Pooling.Max)
            {
                var ab = argMax.Slice(b * width, width);
                ab.Clear();
                for (int t = 1; t < lengths[b]; t++)
                {
                    var ot = o.Slice((t * batch + b) * width, width);
                    // Strictly greater: a later step that only equals the maximum does not take it over.
                    for (int j = 0; j < width; j++)
                        if (ot[j] > pb[j])
                        {
                            pb[j] = ot[j];
                            ab[j] = t;
                        }
                }
            }
            else
            {
                for (int t = 1; t < lengths[b]; t++) TensorPrimitives.Add(pb, o.Slice((t * batch + b) * width, width), pb);
                TensorPrimitives.Divide(pb, T.CreateChecked(lengths[b]), pb);
            }
        }
    }

    /// <summary>
    /// Through the forward above: max: do[argMax[b, j], b, j] = dp[b, j]; mean: do[t, b, :] = dp[b, :] / len_b
    /// for t &lt; len_b; every other element of do is 0. do: [T, B, W] (overwritten); dp: [B, W];
    /// argMax: [B, W] from the forward pass (max only).
    /// </summary>
    public static void Backward<T>(Pooling pooling, Span<T> dO, ReadOnlySpan<T> dP, ReadOnlySpan<int> argMax, ReadOnlySpan<int> lengths, int batch, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (pooling is not (Pooling.Max or Pooling.Mean)) throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "expected max or mean pooling");
        dO.Clear();
        for (int b = 0; b < batch; b++)
        {
            var dpb = dP.Slice(b * width, width);
            if (pooling == Pooling.Max)
            {
                var ab = argMax.Slice(b * width, width);
                for (int j = 0; j < width; j++) dO[(ab[j] * batch + b) * width + j] = dpb[j];
            }
            else
            {
                var share = dO.Slice(b * width, width);   // row t = 0 first, then copied to the other valid rows
                TensorPrimitives.Divide(dpb, T.CreateChecked(lengths[b]), share);
                for (int t = 1; t < lengths[b]; t++) share.CopyTo(dO.Slice((t * batch + b) * width, width));
            }
        }
    }
}
