using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;

namespace Elman.IO;

/// <summary>
/// One named tensor as a safetensors file stores it: a dtype, a row-major shape and the raw
/// little-endian bytes. Immutable; the factories and <see cref="ToSingleArray"/> and friends convert
/// between bytes and .NET arrays.
/// </summary>
public sealed class SafeTensor
{
    /// <summary>The name the tensor is stored under, e.g. <c>rnn.weight_hh_l0</c>.</summary>
    public string Name { get; }

    /// <summary>The element type of <see cref="Data"/>.</summary>
    public SafeTensorDType DType { get; }

    /// <summary>The dimensions, outermost first; empty for a scalar.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The product of <see cref="Shape"/> (1 for a scalar, 0 if any dimension is 0).</summary>
    public long ElementCount { get; }

    /// <summary>The raw little-endian, row-major bytes: <see cref="ElementCount"/> × the dtype's element size.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The file this tensor was read from, so that conversion errors can name it; null if built in memory.</summary>
    internal string? Origin { get; }

    /// <summary>
    /// Creates a tensor from raw little-endian bytes of any dtype; the bytes are copied.
    /// </summary>
    /// <exception cref="ArgumentException">The name is reserved or not well-formed text, a dimension is
    /// negative, or <paramref name="data"/> is not ElementCount × element-size bytes long.</exception>
    public SafeTensor(string name, SafeTensorDType dtype, ReadOnlySpan<byte> data, params long[] shape)
    {
        long elementCount = CheckedElementCount(name, shape);
        long byteCount = CheckedByteCount(name, dtype, shape, elementCount);
        if (byteCount != data.Length)
            throw new ArgumentException(
                $"tensor {MessageText.Quote(name)}: {dtype} {FormatShape(shape)} needs {byteCount} bytes but {data.Length} were given", nameof(data));
        Name = name;
        DType = dtype;
        Shape = Array.AsReadOnly((long[])shape.Clone());
        ElementCount = elementCount;
        Data = data.ToArray();
    }

    /// <summary>Wraps bytes that the reader has already validated against dtype and shape; no copy.</summary>
    internal SafeTensor(string name, SafeTensorDType dtype, long[] shape, long elementCount, ReadOnlyMemory<byte> data, string? origin)
    {
        Debug.Assert(elementCount * dtype.ElementSize() == data.Length);
        Name = name;
        DType = dtype;
        Shape = Array.AsReadOnly(shape);
        ElementCount = elementCount;
        Data = data;
        Origin = origin;
    }

    /// <summary>Creates an F32 tensor holding <paramref name="values"/> (row-major) with the given shape.</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from values.Length, or a dimension is negative.</exception>
    public static SafeTensor FromSingle(string name, ReadOnlySpan<float> values, params long[] shape) =>
        FromValues(name, SafeTensorDType.F32, values, shape, BinaryPrimitives.WriteSingleLittleEndian);

    /// <summary>Creates an F64 tensor holding <paramref name="values"/> (row-major) with the given shape.</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from values.Length, or a dimension is negative.</exception>
    public static SafeTensor FromDouble(string name, ReadOnlySpan<double> values, params long[] shape) =>
        FromValues(name, SafeTensorDType.F64, values, shape, BinaryPrimitives.WriteDoubleLittleEndian);

    /// <summary>Creates an I64 tensor holding <paramref name="values"/> (row-major) with the given shape.</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from values.Length, or a dimension is negative.</exception>
    public static SafeTensor FromInt64(string name, ReadOnlySpan<long> values, params long[] shape) =>
        FromValues(name, SafeTensorDType.I64, values, shape, BinaryPrimitives.WriteInt64LittleEndian);

    /// <summary>Creates an I32 tensor holding <paramref name="values"/> (row-major) with the given shape.</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from values.Length, or a dimension is negative.</exception>
    public static SafeTensor FromInt32(string name, ReadOnlySpan<int> values, params long[] shape) =>
        FromValues(name, SafeTensorDType.I32, values, shape, BinaryPrimitives.WriteInt32LittleEndian);

    /// <summary>
    /// The elements as <see cref="float"/>, row-major. F32, F16 and BF16 convert exactly; F64 rounds to
    /// the nearest float.
    /// </summary>
    /// <exception cref="SafeTensorsException">The dtype is an integer or BOOL type.</exception>
    public float[] ToSingleArray() => ToFloatingPointArray<float>(nameof(ToSingleArray));

    /// <summary>The elements as <see cref="double"/>, row-major; every floating-point dtype converts exactly.</summary>
    /// <exception cref="SafeTensorsException">The dtype is an integer or BOOL type.</exception>
    public double[] ToDoubleArray() => ToFloatingPointArray<double>(nameof(ToDoubleArray));

    /// <summary>The elements as <see cref="long"/>, row-major, from I64, I32, I16, I8, U8 or BOOL
    /// (BOOL gives 0 for a zero byte and 1 for any other).</summary>
    /// <exception cref="SafeTensorsException">The dtype is a floating-point type.</exception>
    public long[] ToInt64Array() => DType switch
    {
        SafeTensorDType.I64 => Convert<long, long>(8, BinaryPrimitives.ReadInt64LittleEndian),
        SafeTensorDType.I32 => Convert<int, long>(4, BinaryPrimitives.ReadInt32LittleEndian),
        SafeTensorDType.I16 => Convert<short, long>(2, BinaryPrimitives.ReadInt16LittleEndian),
        SafeTensorDType.I8 => Convert<sbyte, long>(1, bytes => (sbyte)bytes[0]),
        SafeTensorDType.U8 => Convert<byte, long>(1, bytes => bytes[0]),
        SafeTensorDType.BOOL => Convert<byte, long>(1, bytes => bytes[0] == 0 ? (byte)0 : (byte)1),
        _ => throw WrongKind(nameof(ToInt64Array), "an integer or BOOL dtype (I64, I32, I16, I8, U8, BOOL)"),
    };

    /// <summary>Name, dtype and shape, e.g. <c>rnn.weight_hh_l0 F32 [64, 64]</c>.</summary>
    public override string ToString() => $"{Name} {DType} {FormatShape(Shape)}";

    /// <summary>A shape as the messages print it: <c>[3, 5]</c>, <c>[]</c> for a scalar.</summary>
    internal static string FormatShape(IReadOnlyList<long> shape) => $"[{string.Join(", ", shape)}]";

    private delegate void LittleEndianWriter<T>(Span<byte> destination, T value);

    private delegate T LittleEndianReader<T>(ReadOnlySpan<byte> source);

    private static SafeTensor FromValues<T>(
        string name, SafeTensorDType dtype, ReadOnlySpan<T> values, long[] shape, LittleEndianWriter<T> write)
    {
        long elementCount = CheckedElementCount(name, shape);
        if (elementCount != values.Length)
            throw new ArgumentException(
                $"tensor {MessageText.Quote(name)}: shape {FormatShape(shape)} has {elementCount} elements but {values.Length} values were given", nameof(values));
        int size = dtype.ElementSize();
        var bytes = new byte[checked(values.Length * size)];
        for (int i = 0; i < values.Length; i++)
            write(bytes.AsSpan(i * size, size), values[i]);
        return new SafeTensor(name, dtype, (long[])shape.Clone(), elementCount, bytes, origin: null);
    }

    private T[] ToFloatingPointArray<T>(string method) where T : INumberBase<T> => DType switch
    {
        SafeTensorDType.F64 => Convert<double, T>(8, BinaryPrimitives.ReadDoubleLittleEndian),
        SafeTensorDType.F32 => Convert<float, T>(4, BinaryPrimitives.ReadSingleLittleEndian),
        SafeTensorDType.F16 => Convert<Half, T>(2, BinaryPrimitives.ReadHalfLittleEndian),
        // bfloat16 is the upper half of a binary32, so widening is a shift.
        SafeTensorDType.BF16 => Convert<float, T>(2, bytes => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes) << 16)),
        _ => throw WrongKind(method, "a floating-point dtype (F64, F32, F16, BF16)"),
    };

    // CreateTruncating between floating-point types rounds to nearest, like a cast.
    private TResult[] Convert<TSource, TResult>(int size, LittleEndianReader<TSource> read)
        where TSource : INumberBase<TSource> where TResult : INumberBase<TResult>
    {
        ReadOnlySpan<byte> bytes = Data.Span;
        var result = new TResult[ElementCount];
        for (int i = 0; i < result.Length; i++)
            result[i] = TResult.CreateTruncating(read(bytes.Slice(i * size, size)));
        return result;
    }

    private SafeTensorsException WrongKind(string method, string expected)
    {
        string where = Origin is null ? "" : $"{Origin}: ";
        return new SafeTensorsException($"{where}tensor {MessageText.Quote(Name)} is {DType} but {method} needs {expected}");
    }

    private static long CheckedElementCount(string name, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (name == SafeTensorsHeader.MetadataKey)
            throw new ArgumentException($"{MessageText.Quote(name)} is reserved for the file's metadata and cannot name a tensor", nameof(name));
        if (!WellFormedText.IsWellFormed(name))
            throw new ArgumentException("tensor name contains a lone UTF-16 surrogate, which UTF-8 cannot store", nameof(name));
        long count = 1;
        foreach (long dim in shape)
        {
            if (dim < 0)
                throw new ArgumentException($"tensor {MessageText.Quote(name)}: shape {FormatShape(shape)} has a negative dimension", nameof(shape));
            try { count = checked(count * dim); }
            catch (OverflowException) { throw new ArgumentException($"tensor {MessageText.Quote(name)}: shape {FormatShape(shape)} has more than {long.MaxValue} elements", nameof(shape)); }
        }
        return count;
    }

    private static long CheckedByteCount(string name, SafeTensorDType dtype, long[] shape, long elementCount)
    {
        try { return checked(elementCount * dtype.ElementSize()); }
        catch (OverflowException) { throw new ArgumentException($"tensor {MessageText.Quote(name)}: {dtype} {FormatShape(shape)} needs more than {long.MaxValue} bytes", nameof(shape)); }
    }
}
