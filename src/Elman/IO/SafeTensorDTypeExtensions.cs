namespace Elman.IO;

/// <summary>Sizes, kinds and header spellings of <see cref="SafeTensorDType"/> values.</summary>
public static class SafeTensorDTypeExtensions
{
    /// <summary>The number of bytes one element of <paramref name="dtype"/> occupies in the data area.</summary>
    public static int ElementSize(this SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.F64 or SafeTensorDType.I64 => 8,
        SafeTensorDType.F32 or SafeTensorDType.I32 => 4,
        SafeTensorDType.F16 or SafeTensorDType.BF16 or SafeTensorDType.I16 => 2,
        SafeTensorDType.I8 or SafeTensorDType.U8 or SafeTensorDType.BOOL => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not a SafeTensorDType"),
    };

    /// <summary>True for F64, F32, F16 and BF16: the dtypes <see cref="SafeTensor.ToSingleArray"/> accepts.</summary>
    public static bool IsFloatingPoint(this SafeTensorDType dtype) =>
        dtype is SafeTensorDType.F64 or SafeTensorDType.F32 or SafeTensorDType.F16 or SafeTensorDType.BF16;

    /// <summary>The header spellings of all dtypes, for messages that list what was expected.</summary>
    internal static string SupportedNames => string.Join(", ", Enum.GetNames<SafeTensorDType>());

    /// <summary>The dtype spelled <paramref name="name"/> in a header, exactly and case-sensitively
    /// (<c>"F32"</c>, <c>"BOOL"</c>).</summary>
    /// <remarks>Not <see cref="Enum.TryParse{TEnum}(string, out TEnum)"/>: that also accepts numbers
    /// ("1") and comma lists, which are not dtypes.</remarks>
    internal static bool TryParse(string name, out SafeTensorDType dtype)
    {
        SafeTensorDType? parsed = name switch
        {
            "F64" => SafeTensorDType.F64,
            "F32" => SafeTensorDType.F32,
            "F16" => SafeTensorDType.F16,
            "BF16" => SafeTensorDType.BF16,
            "I64" => SafeTensorDType.I64,
            "I32" => SafeTensorDType.I32,
            "I16" => SafeTensorDType.I16,
            "I8" => SafeTensorDType.I8,
            "U8" => SafeTensorDType.U8,
            "BOOL" => SafeTensorDType.BOOL,
            _ => null,
        };
        dtype = parsed.GetValueOrDefault();
        return parsed is not null;
    }
}
