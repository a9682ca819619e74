using System.Numerics;
using System.Numerics.Tensors;
using Elman.Numerics;

namespace Elman.Layers;

/// <summary>The classifier head, PyTorch's <c>nn.Linear</c>: y = x Wᵀ + b.</summary>
public static class Linear
{
    /// <summary>y = x Wᵀ + b. y: [B, C]; x: [B, H]; w: [C, H]; b: [C].</summary>
    public static void Forward<T>(Span<T> y, ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> b, int batch, int inSize, int outSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Gemm.Multiply(false, true, batch, outSize, inSize, x, inSize, w, inSize, y, outSize, accumulate: false);
        for (int r = 0; r < batch; r++)
        {
            var row = y.Slice(r * outSize, outSize);
            TensorPrimitives.Add(row, b, row);
        }
    }

    /// <summary>
    /// Through y = x Wᵀ + b: dW += dyᵀ x, db += Σ_rows dy, dx = dy W (overwritten).
    /// dW: [C, H]; db: [C]; dx: [B, H]; dy: [B, C]; x: [B, H]; w: [C, H].
    /// </summary>
    public static void Backward<T>(Span<T> dW, Span<T> db, Span<T> dx, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> w, int batch, int inSize, int outSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Gemm.Multiply(true, false, outSize, inSize, batch, dy, outSize, x, inSize, dW, inSize, accumulate: true);
        for (int r = 0; r < batch; r++) TensorPrimitives.Add(db, dy.Slice(r * outSize, outSize), db);
        Gemm.Multiply(false, false, batch, inSize, outSize, dy, outSize, w, inSize, dx, inSize, accumulate: false);
    }
}
