using System.Runtime.Intrinsics;

namespace Elman.Numerics;

/// <summary>The vector width a kernel runs at; <see cref="SimdWidths.Best"/> is the widest this CPU accelerates.</summary>
internal enum SimdWidth
{
    Scalar,
    Vector128,
    Vector256,
    Vector512,
}

internal static class SimdWidths
{
    /// <summary>The widest accelerated width, fixed for the life of the process.</summary>
    public static readonly SimdWidth Best =
        Vector512.IsHardwareAccelerated ? SimdWidth.Vector512
        : Vector256.IsHardwareAccelerated ? SimdWidth.Vector256
        : Vector128.IsHardwareAccelerated ? SimdWidth.Vector128
        : SimdWidth.Scalar;

    /// <summary>Elements of <typeparamref name="T"/> per vector at <paramref name="width"/>.</summary>
    public static unsafe int Lanes<T>(SimdWidth width) where T : unmanaged => width switch
    {
        SimdWidth.Vector512 => 64 / sizeof(T),
        SimdWidth.Vector256 => 32 / sizeof(T),
        SimdWidth.Vector128 => 16 / sizeof(T),
        _ => 1,
    };
}
