using System.Numerics;
using System.Runtime.Intrinsics;

namespace Elman.Numerics;

/// <summary>
/// The handful of vector operations the GEMM kernels need, abstracted over the vector width so one
/// kernel source serves Vector512, Vector256, Vector128 and plain scalars. Implementations are structs:
/// the JIT specialises each generic kernel per struct and inlines these static calls, so the
/// abstraction costs nothing at run time.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
/// <typeparam name="TVec">The vector type holding <see cref="Count"/> elements.</typeparam>
internal unsafe interface ISimd<T, TVec>
    where T : unmanaged
    where TVec : struct
{
    /// <summary>Elements per vector.</summary>
    static abstract int Count { get; }
    static abstract TVec Zero { get; }
    static abstract TVec Load(T* source);
    static abstract void Store(T* destination, TVec value);
    static abstract TVec Broadcast(T value);
    /// <summary>a · b + addend, fused where the hardware can.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec addend);
    static abstract TVec Add(TVec a, TVec b);
}

/// <summary>AVX-512: 16 floats or 8 doubles. Every AVX-512 CPU has FMA, so the fused form is always fast.</summary>
internal readonly unsafe struct Simd512<T> : ISimd<T, Vector512<T>> where T : unmanaged
{
    public static int Count => Vector512<T>.Count;
    public static Vector512<T> Zero => Vector512<T>.Zero;
    public static Vector512<T> Load(T* source) => Vector512.Load(source);
    public static void Store(T* destination, Vector512<T> value) => value.Store(destination);
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> addend)
    {
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
        return a * b + addend;
    }
}

/// <summary>
/// AVX2 or similar: 8 floats or 4 doubles. MultiplyAddEstimate is fused when the CPU has FMA and
/// falls back to multiply-then-add (instead of a slow software fma) when it does not.
/// </summary>
internal readonly unsafe struct Simd256<T> : ISimd<T, Vector256<T>> where T : unmanaged
{
    public static int Count => Vector256<T>.Count;
    public static Vector256<T> Zero => Vector256<T>.Zero;
    public static Vector256<T> Load(T* source) => Vector256.Load(source);
    public static void Store(T* destination, Vector256<T> value) => value.Store(destination);
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> addend)
    {
        if (typeof(T) == typeof(float))
            return Vector256.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector256.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
        return a * b + addend;
    }
}

/// <summary>SSE or Arm AdvSimd: 4 floats or 2 doubles; fused where the CPU can (see <see cref="Simd256{T}"/>).</summary>
internal readonly unsafe struct Simd128<T> : ISimd<T, Vector128<T>> where T : unmanaged
{
    public static int Count => Vector128<T>.Count;
    public static Vector128<T> Zero => Vector128<T>.Zero;
    public static Vector128<T> Load(T* source) => Vector128.Load(source);
    public static void Store(T* destination, Vector128<T> value) => value.Store(destination);
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);
    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

    public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> addend)
    {
        if (typeof(T) == typeof(float))
            return Vector128.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector128.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
        return a * b + addend;
    }
}

/// <summary>No SIMD: a "vector" of one element, so the same kernels still run (slowly) anywhere.</summary>
internal readonly unsafe struct SimdScalar<T> : ISimd<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => 1;
    public static T Zero => T.Zero;
    public static T Load(T* source) => *source;
    public static void Store(T* destination, T value) => *destination = value;
    public static T Broadcast(T value) => value;
    public static T Add(T a, T b) => a + b;
    public static T MultiplyAdd(T a, T b, T addend) => T.MultiplyAddEstimate(a, b, addend);
}
