using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Elman.Numerics;

/// <summary>
/// Strided transposes for GEMM packing: dst[p·dstStride + r] = src[r·ld + p] for r in [0, rows),
/// p in [0, length). Packing op(A) = A or op(B) = Bᵀ is exactly this, and done one element at a time it
/// costs more than the multiply for the recurrent step, so whole 8 × 8 (float) or 4 × 4 (double) blocks
/// go through AVX shuffles; leftover rows and columns take the scalar path, which is also the test oracle.
/// </summary>
internal static unsafe class BlockTranspose
{
    /// <summary>dst[p·dstStride + r] = src[r·ld + p], blocked with AVX where possible.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose<T>(T* src, int ld, int rows, int length, T* dst, int dstStride) where T : unmanaged
    {
        int block = typeof(T) == typeof(float) ? 8 : typeof(T) == typeof(double) ? 4 : 0;
        if (!Avx.IsSupported || block == 0)
        {
            TransposeScalar(src, ld, rows, length, dst, dstStride);
            return;
        }

        int fullRows = rows - rows % block, fullLength = length - length % block;
        for (int r = 0; r < fullRows; r += block)
        {
            T* s = src + (long)r * ld;
            T* d = dst + r;
            // Each block of rows is read as `block` short interleaved streams, which the hardware prefetcher
            // follows poorly when the source comes from memory; fetch the next block's lines into L2 (not
            // L1: with power-of-two strides they would all land in one L1 set) one line per row ahead.
            T* next = s + (long)block * ld;
            bool prefetch = Sse.IsSupported && r + block < fullRows;
            for (int p = 0; p < fullLength; p += block)
            {
                if (prefetch && p % (64 / sizeof(T)) == 0)
                    for (int i = 0; i < block; i++) Sse.Prefetch1(next + (long)i * ld + p);
                if (typeof(T) == typeof(float)) Transpose8x8((float*)(s + p), ld, (float*)(d + (long)p * dstStride), dstStride);
                else Transpose4x4((double*)(s + p), ld, (double*)(d + (long)p * dstStride), dstStride);
            }
            TransposeScalar(s + fullLength, ld, block, length - fullLength, d + (long)fullLength * dstStride, dstStride);
        }
        TransposeScalar(src + (long)fullRows * ld, ld, rows - fullRows, length, dst + fullRows, dstStride);
    }

    /// <summary>The plain loop: the reference for <see cref="Transpose{T}"/> and its leftovers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposeScalar<T>(T* src, int ld, int rows, int length, T* dst, int dstStride) where T : unmanaged
    {
        for (int r = 0; r < rows; r++, src += ld)
        {
            T* d = dst + r;
            for (int p = 0; p < length; p++, d += dstStride) *d = src[p];
        }
    }

    // Classic AVX 8 × 8: interleave pairs of rows, then pairs of pairs, then swap 128-bit halves.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Transpose8x8(float* s, int ld, float* d, int ds)
    {
        var r0 = Avx.LoadVector256(s); var r1 = Avx.LoadVector256(s + ld);
        var r2 = Avx.LoadVector256(s + 2 * ld); var r3 = Avx.LoadVector256(s + 3 * ld);
        var r4 = Avx.LoadVector256(s + 4 * ld); var r5 = Avx.LoadVector256(s + 5 * ld);
        var r6 = Avx.LoadVector256(s + 6 * ld); var r7 = Avx.LoadVector256(s + 7 * ld);

        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);

        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + ds, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + 2 * ds, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + 3 * ds, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + 4 * ds, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + 5 * ds, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + 6 * ds, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + 7 * ds, Avx.Permute2x128(u3, u7, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Transpose4x4(double* s, int ld, double* d, int ds)
    {
        Vector256<double> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + ld);
        Vector256<double> r2 = Avx.LoadVector256(s + 2 * ld), r3 = Avx.LoadVector256(s + 3 * ld);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        Avx.Store(d, Avx.Permute2x128(t0, t2, 0x20));
        Avx.Store(d + ds, Avx.Permute2x128(t1, t3, 0x20));
        Avx.Store(d + 2 * ds, Avx.Permute2x128(t0, t2, 0x31));
        Avx.Store(d + 3 * ds, Avx.Permute2x128(t1, t3, 0x31));
    }
}
