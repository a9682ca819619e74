using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace Elman.Data.Sequences;

/// <summary>
/// Reads the elements of one <c>.npy</c> array from a stream that stands at its first data byte,
/// converting byte order and element type chunk by chunk (1 MiB at a time), so a large array costs its
/// destination and one chunk, never a second copy. Fortran-ordered data is scattered to row-major
/// positions as it arrives.
/// </summary>
static class NpyData
{
    const int ChunkBytes = 1 << 20;

    /// <summary>Reads a numeric array into <paramref name="destination"/> (row-major, of its element count).</summary>
    /// <exception cref="ElmanException">The dtype is not numeric, or the data is truncated.</exception>
    public static void ReadSingles(Stream stream, NpyHeader header, float[] destination, string where, string name)
    {
        RequireNumber(header, where, name);
        long count = header.ElementCount;
        if (destination.Length != count) throw new ArgumentException("destination must hold every element", nameof(destination));
        var dtype = header.DType;
        bool fortran = header.FortranOrder && header.Shape.Length > 1;
        if (!fortran && dtype.Kind == 'f' && dtype.ItemSize == 4 && (dtype.Order == NpyByteOrder.Little) == BitConverter.IsLittleEndian)
        {
            // The common case: native float32 in C order is read straight into place.
            var bytes = MemoryMarshal.AsBytes(destination.AsSpan());
            for (int done = 0; done < bytes.Length;)
            {
                int read = stream.Read(bytes.Slice(done, Math.Min(ChunkBytes, bytes.Length - done)));
                if (read == 0) throw Truncated(where, name, done / 4, count);
                done += read;
            }
            return;
        }
        var scatter = fortran ? new FortranScatter(header.Shape) : null;
        var converted = ArrayPool<float>.Shared.Rent(ChunkBytes / Math.Max(1, Math.Min(dtype.ItemSize, 4)) + 8);
        try
        {
            ForEachChunk(stream, header, where, name, (chunk, first, n) =>
            {
                if (scatter is null) Convert(chunk, dtype, destination.AsSpan((int)first, n));
                else
                {
                    Convert(chunk, dtype, converted.AsSpan(0, n));
                    scatter.Write<float>(converted.AsSpan(0, n), destination);
                }
            });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(converted);
        }
    }

    /// <summary>Reads a small numeric array as doubles, row-major.</summary>
    public static double[] ReadDoubles(Stream stream, NpyHeader header, string where, string name)
    {
        RequireNumber(header, where, name);
        var result = new double[header.ElementCount];
        var scatter = header.FortranOrder && header.Shape.Length > 1 ? new FortranScatter(header.Shape) : null;
        ForEachChunk(stream, header, where, name, (chunk, first, n) =>
        {
            if (scatter is null) Convert(chunk, header.DType, result.AsSpan((int)first, n));
            else
            {
                var part = new double[n];
                Convert(chunk, header.DType, part.AsSpan());
                scatter.Write<double>(part, result);
            }
        });
        return result;
    }

    /// <summary>Reads a small integer array exactly (no detour through double), row-major.</summary>
    public static long[] ReadIntegers(Stream stream, NpyHeader header, string where, string name)
    {
        if (!header.DType.IsInteger) throw new ArgumentException("integer dtype expected", nameof(header));
        var result = new long[header.ElementCount];
        var scatter = header.FortranOrder && header.Shape.Length > 1 ? new FortranScatter(header.Shape) : null;
        ForEachChunk(stream, header, where, name, (chunk, first, n) =>
        {
            if (scatter is null) Convert(chunk, header.DType, result.AsSpan((int)first, n));
            else
            {
                var part = new long[n];
                Convert(chunk, header.DType, part.AsSpan());
                scatter.Write<long>(part, result);
            }
        });
        return result;
    }

    /// <summary>Reads a string array ('U': UTF-32 code units; 'S': bytes as Latin-1), trailing NULs removed as NumPy does.</summary>
    public static string[] ReadStrings(Stream stream, NpyHeader header, string where, string name)
    {
        var dtype = header.DType;
        if (!dtype.IsString) throw new ArgumentException("string dtype expected", nameof(header));
        var result = new string[header.ElementCount];
        var scatter = header.FortranOrder && header.Shape.Length > 1 ? new FortranScatter(header.Shape) : null;
        ForEachChunk(stream, header, where, name, (chunk, first, n) =>
        {
            var part = new string[n];
            for (int i = 0; i < n; i++)
            {
                var item = chunk.Slice(i * dtype.ItemSize, dtype.ItemSize);
                part[i] = dtype.Kind == 'S' ? Encoding.Latin1.GetString(item).TrimEnd('\0') : Utf32(item, dtype.Order, where, name, first + i);
            }
            if (scatter is null) part.CopyTo(result.AsSpan((int)first));
            else scatter.Write<string>(part, result);
        });
        return result;
    }

    static string Utf32(ReadOnlySpan<byte> item, NpyByteOrder order, string where, string name, long index)
    {
        var text = new StringBuilder(item.Length / 4);
        for (int i = 0; i < item.Length; i += 4)
        {
            uint unit = order == NpyByteOrder.Big ? BinaryPrimitives.ReadUInt32BigEndian(item[i..]) : BinaryPrimitives.ReadUInt32LittleEndian(item[i..]);
            if (unit == 0) break;   // NumPy pads shorter strings with NUL code units
            if (!Rune.IsValid(unit)) throw new ElmanException($"{where}: {name}[{index}] holds U+{unit:X}, which is not a Unicode scalar value");
            text.Append(new Rune(unit).ToString());
        }
        return text.ToString();
    }

    delegate void ChunkHandler(ReadOnlySpan<byte> chunk, long firstElement, int elements);

    // Calls `handle` with whole elements, in file order, at most ChunkBytes at a time.
    static void ForEachChunk(Stream stream, NpyHeader header, string where, string name, ChunkHandler handle)
    {
        int size = header.DType.ItemSize;
        long count = header.ElementCount;
        int perChunk = Math.Max(1, ChunkBytes / size);
        var buffer = ArrayPool<byte>.Shared.Rent(checked(perChunk * size));
        try
        {
            for (long first = 0; first < count; first += perChunk)
            {
                int n = (int)Math.Min(perChunk, count - first);
                var chunk = buffer.AsSpan(0, n * size);
                for (int done = 0; done < chunk.Length;)
                {
                    int read = stream.Read(chunk[done..]);
                    if (read == 0) throw Truncated(where, name, first + done / size, count);
                    done += read;
                }
                handle(chunk, first, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    static ElmanException Truncated(string where, string name, long elements, long count)
        => new($"{where}: the data of '{name}' ends after {elements} of {count} elements (truncated file)");

    static void RequireNumber(NpyHeader header, string where, string name)
    {
        if (header.DType.Kind == 'O') throw ObjectArray(where, name);
        if (!header.DType.IsNumber) throw new ElmanException($"{where}: '{name}' has dtype '{header.DType.Descr}', expected numbers (bool, integer or float)");
    }

    /// <summary>The refusal for pickled object arrays: reading them would mean running the pickle.</summary>
    public static ElmanException ObjectArray(string where, string name)
        => new($"{where}: '{name}' is an object array (dtype 'O', stored with pickle), which is never unpickled; save it as numbers, or as strings with .astype(str)");

    // Converts whole elements of `dtype` to T; the element is read in the file's byte order.
    static void Convert<T>(ReadOnlySpan<byte> bytes, NpyDType dtype, Span<T> destination) where T : INumberBase<T>
    {
        bool big = dtype.Order == NpyByteOrder.Big;
        int n = destination.Length;
        switch (dtype.Kind, dtype.ItemSize)
        {
            case ('b', 1):
                for (int i = 0; i < n; i++) destination[i] = bytes[i] != 0 ? T.One : T.Zero;
                break;
            case ('i', 1):
                for (int i = 0; i < n; i++) destination[i] = T.CreateTruncating((sbyte)bytes[i]);
                break;
            case ('u', 1):
                for (int i = 0; i < n; i++) destination[i] = T.CreateTruncating(bytes[i]);
                break;
            case ('i', 2):
                for (int i = 0; i < n; i++) destination[i] = T.CreateTruncating(big ? BinaryPrimitives.ReadInt16BigEndian(bytes[(2 * i)..]) : BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]));
                break;
            case ('u', 2):
                for (int i = 0; i < n; i++) destination[i] = T.CreateTruncating(big ? BinaryPrimitives.ReadUInt16BigEndian(bytes[(2 * i)..]) : BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]));
                break;
            case ('i', 4):
                for (int i = 0; i < n; i++) destination[i] = T.CreateTruncating(big ? BinaryPrimitives.ReadInt32BigEndian(bytes[(4 * i)..]) : BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]));
                break;
            case ('u', 4):
                for (int i = 0; i < n; i++) destination[i] = T.CreateTruncating(big ? BinaryPrimitives.ReadUInt32BigEndian(bytes[(4 * i)..]) : BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 * i)..]));
                break;
            case ('i', 8):
                for (int i = 0; i < n; i++) destination[i] = T.CreateTruncating(big ? BinaryPrimitives.ReadInt64BigEndian(bytes[(8 * i)..]) : BinaryPrimitives.ReadInt64LittleEndian(bytes[(8 * i)..]));
                break;
            case ('u', 8):
                for (int i = 0; i < n; i++) destination[i] = T.CreateTruncating(big ? BinaryPrimitives.ReadUInt64BigEndian(bytes[(8 * i)..]) : BinaryPrimitives.ReadUInt64LittleEndian(bytes[(8 * i)..]));
                break;
            case ('f', 2):
                for (int i = 0; i < n; i++) destination[i] = T.CreateTruncating(big ? BinaryPrimitives.ReadHalfBigEndian(bytes[(2 * i)..]) : BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]));
                break;
            case ('f', 4):
                for (int i = 0; i < n; i++) destination[i] = T.CreateTruncating(big ? BinaryPrimitives.ReadSingleBigEndian(bytes[(4 * i)..]) : BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]));
                break;
            case ('f', 8):
                for (int i = 0; i < n; i++) destination[i] = T.CreateTruncating(big ? BinaryPrimitives.ReadDoubleBigEndian(bytes[(8 * i)..]) : BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]));
                break;
            default:
                throw new ArgumentException($"dtype {dtype.Descr} is not numeric", nameof(dtype));
        }
    }

    // Writes elements that arrive in Fortran order (first index fastest) to their row-major positions,
    // carrying a multi-index from chunk to chunk.
    sealed class FortranScatter
    {
        readonly long[] _shape, _strides, _index;
        long _offset;

        public FortranScatter(long[] shape)
        {
            _shape = shape;
            _index = new long[shape.Length];
            _strides = new long[shape.Length];   // row-major strides
            long stride = 1;
            for (int k = shape.Length - 1; k >= 0; k--) { _strides[k] = stride; stride *= shape[k]; }
        }

        public void Write<T>(ReadOnlySpan<T> values, Span<T> destination)
        {
            foreach (var v in values)
            {
                destination[(int)_offset] = v;
                for (int k = 0; k < _shape.Length; k++)
                {
                    _offset += _strides[k];
                    if (++_index[k] < _shape[k]) break;
                    _offset -= _strides[k] * _shape[k];
                    _index[k] = 0;
                }
            }
        }
    }
}
