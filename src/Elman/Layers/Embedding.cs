using System.Numerics;
using System.Numerics.Tensors;

namespace Elman.Layers;

/// <summary>
/// Token lookup, PyTorch's <c>nn.Embedding(V, D, padding_idx=0)</c>: token 0 is padding and its row
/// receives no gradient. Reads batch-first token ids and writes time-major vectors.
/// </summary>
public static class Embedding
{
    /// <summary>x_t[b] = E[tokens[b, t]]. x: [T, B, D]; tokens: [B, S] with S ≥ T (only the first T steps are read); e: [V, D].</summary>
    public static void Forward<T>(Span<T> x, ReadOnlySpan<int> tokens, ReadOnlySpan<T> e, int steps, int batch, int tokenStride, int dim)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
                e.Slice(tokens[b * tokenStride + t] * dim, dim).CopyTo(x.Slice((t * batch + b) * dim, dim));
    }

    /// <summary>
    /// dE[tokens[b, t]] += dx_t[b] for valid steps t &lt; lengths[b] and tokens ≠ 0 (padding_idx).
    /// Padded steps carry zero gradient, so skipping them changes nothing but time.
    /// </summary>
    public static void Backward<T>(Span<T> dE, ReadOnlySpan<T> dx, ReadOnlySpan<int> tokens, ReadOnlySpan<int> lengths, int batch, int tokenStride, int dim)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < lengths[b]; t++)
            {
                int token = tokens[b * tokenStride + t];
                if (token == 0) continue;
                var row = dE.Slice(token * dim, dim);
                TensorPrimitives.Add(row, dx.Slice((t * batch + b) * dim, dim), row);
            }
    }
}
