using System.Numerics;
using System.Numerics.Tensors;
using Elman.Numerics;

namespace Elman.Layers;

/// <summary>
/// One Elman layer over a time-major batch, with exact backpropagation through time. Buffers are
/// [T, B, ·] so each time step reads and writes one dense [B, ·] block; padded steps of short
/// sequences are computed but receive zero gradient, so they change neither the loss nor a gradient.
/// </summary>
public static class RecurrentLayer
{
    /// <summary>
    /// z_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh, h_t = σ(z_t), h_0 = 0.
    /// h: [T, B, H] (output); x: [T, B, D]; wIh: [H, D]; wHh: [H, H]; bIh, bHh: [H]; bias: [H] scratch;
    /// packed: [H, H] scratch that holds W_hhᵀ in the GEMM's panel layout for the T recurrent products.
    /// </summary>
    public static void Forward<T>(
        Span<T> h, ReadOnlySpan<T> x,
        ReadOnlySpan<T> wIh, ReadOnlySpan<T> wHh, ReadOnlySpan<T> bIh, ReadOnlySpan<T> bHh,
        int steps, int batch, int inputSize, int hidden, Nonlinearity nonlinearity, Span<T> bias, PackedMatrix<T> packed, WorkerPool? pool)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        packed.Pack(transpose: true, wHh, hidden);
        int block = batch * hidden;
        // The input projection for all steps at once: h[t·B + b, :] = W_ih x_t[b].
        Gemm.Multiply(false, true, steps * batch, hidden, inputSize, x, inputSize, wIh, inputSize, h, hidden, accumulate: false, pool);
        TensorPrimitives.Add(bIh, bHh, bias);
        for (int t = 0; t < steps; t++)
        {
            var zt = h.Slice(t * block, block);
            for (int b = 0; b < batch; b++)
            {
                var row = zt.Slice(b * hidden, hidden);
                TensorPrimitives.Add(row, bias, row);
            }
            if (t > 0)
                Gemm.MultiplyPacked(false, batch, h.Slice((t - 1) * block, block), hidden, packed, zt, hidden, accumulate: true, pool);
            Activation.Forward(nonlinearity, zt, zt);
        }
    }

    /// <summary>
    /// BPTT through the forward above. On entry dH[t] holds ∂ℓ/∂h_t from the layers above (only
    /// through the output, not through h_{t+1}); on return it holds dz_t = ∂ℓ/∂z_t, where
    /// dh_t = dH[t] + W_hhᵀ dz_{t+1} (the chain through ∂h_{t+1}/∂h_t = diag(σ'(z_{t+1})) W_hh) and
    /// dz_t = σ'(z_t) ⊙ dh_t. Then dW_hh += Σ_t dz_t h_{t-1}ᵀ, dW_ih += Σ_t dz_t x_tᵀ,
    /// db_ih += Σ_t dz_t, db_hh += Σ_t dz_t, and dX[t] = W_ihᵀ dz_t when dX is not empty (it is
    /// overwritten). Shapes as in <see cref="Forward{T}"/>; dH: [T, B, H]; dX: [T, B, D] or empty;
    /// packed: [H, H] scratch for W_hh in panel layout.
    /// </summary>
    public static void Backward<T>(
        Span<T> dWIh, Span<T> dWHh, Span<T> dBIh, Span<T> dBHh, Span<T> dX, Span<T> dH,
        ReadOnlySpan<T> h, ReadOnlySpan<T> x, ReadOnlySpan<T> wIh, ReadOnlySpan<T> wHh,
        int steps, int batch, int inputSize, int hidden, Nonlinearity nonlinearity, PackedMatrix<T> packed, WorkerPool? pool)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int block = batch * hidden;
        if (steps > 1) packed.Pack(transpose: false, wHh, hidden);
        for (int t = steps - 1; t >= 0; t--)
        {
            var dht = dH.Slice(t * block, block);
            if (t < steps - 1)
                Gemm.MultiplyPacked(false, batch, dH.Slice((t + 1) * block, block), hidden, packed, dht, hidden, accumulate: true, pool);
            Activation.Backward(nonlinearity, h.Slice(t * block, block), dht, dht);
        }
        // h_0 = 0, so step 0 adds nothing to dW_hh: pair dz_1.. with h_0..h_{T-2} (0-based rows).
        if (steps > 1)
            Gemm.Multiply(true, false, hidden, hidden, (steps - 1) * batch, dH.Slice(block), hidden, h, hidden, dWHh, hidden, accumulate: true, pool);
        Gemm.Multiply(true, false, hidden, inputSize, steps * batch, dH, hidden, x, inputSize, dWIh, inputSize, accumulate: true, pool);
        for (int r = 0; r < steps * batch; r++)
        {
            var dz = dH.Slice(r * hidden, hidden);
            TensorPrimitives.Add(dBIh, dz, dBIh);
            TensorPrimitives.Add(dBHh, dz, dBHh);
        }
        if (!dX.IsEmpty)
            Gemm.Multiply(false, false, steps * batch, inputSize, hidden, dH, hidden, wIh, inputSize, dX, inputSize, accumulate: false, pool);
    }
}
