using System.Buffers.Binary;
using System.Text;

namespace Elman.Data.Sequences;

/// <summary>
/// The header of a NumPy <c>.npy</c> file (format versions 1.0, 2.0 and 3.0): the magic string
/// "\x93NUMPY", the version, the header length (2 bytes in 1.0, 4 bytes after), then a Python dict literal
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c> in ASCII (1.0, 2.0) or UTF-8 (3.0).
/// The data follows: the elements in C (row-major) or Fortran (column-major) order, no padding.
/// </summary>
/// <param name="DType">The element type.</param>
/// <param name="FortranOrder">Whether the first index varies fastest.</param>
/// <param name="Shape">The dimensions; empty for a scalar.</param>
public sealed record NpyHeader(NpyDType DType, bool FortranOrder, long[] Shape)
{
    static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The number of elements (product of the shape).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => checked(a * b));

    /// <summary>"[3, 4]".</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";

    /// <summary>Reads the header from <paramref name="stream"/>, leaving it at the first data byte.</summary>
    /// <exception cref="ElmanException">Not a .npy file, an unknown version, a truncated or malformed header.</exception>
    public static NpyHeader Read(Stream stream, string where)
    {
        Span<byte> prefix = stackalloc byte[12];
        ReadExactly(stream, prefix[..8], where, "the magic string and version");
        if (!prefix[..6].SequenceEqual(Magic)) throw new ElmanException($"{where}: not a NumPy .npy file (it does not start with \"\\x93NUMPY\")");
        byte major = prefix[6], minor = prefix[7];
        if (major is not (1 or 2 or 3) || minor != 0) throw new ElmanException($"{where}: .npy format version {major}.{minor}, expected 1.0, 2.0 or 3.0");
        long length;
        if (major == 1)
        {
            ReadExactly(stream, prefix[8..10], where, "the header length");
            length = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..10]);
        }
        else
        {
            ReadExactly(stream, prefix[8..12], where, "the header length");
            length = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..12]);
        }
        if (length > 1 << 24) throw new ElmanException($"{where}: .npy header claims {length} bytes, expected a small dict");
        var bytes = new byte[length];
        ReadExactly(stream, bytes, where, "the header");
        string text;
        try
        {
            text = (major == 3 ? new UTF8Encoding(false, true) : (Encoding)Encoding.GetEncoding("us-ascii", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new ElmanException($"{where}: .npy header is not {(major == 3 ? "UTF-8" : "ASCII")}");
        }
        return Parse(text, where);
    }

    /// <summary>Parses the dict literal of a header.</summary>
    /// <exception cref="ElmanException">Malformed, or a key missing or of the wrong type.</exception>
    public static NpyHeader Parse(string text, string where)
    {
        var dict = new PythonLiteral(text, where).ReadHeaderDict();
        if (!dict.TryGetValue("descr", out var descr)) throw new ElmanException($"{where}: .npy header has no 'descr'");
        if (!dict.TryGetValue("fortran_order", out var fortran)) throw new ElmanException($"{where}: .npy header has no 'fortran_order'");
        if (!dict.TryGetValue("shape", out var shape)) throw new ElmanException($"{where}: .npy header has no 'shape'");
        if (descr is not string descrText)
            throw new ElmanException($"{where}: .npy dtype is a structured (record) type, expected a plain numeric or string dtype such as '<f4'");
        if (fortran is not bool fortranOrder) throw new ElmanException($"{where}: .npy header 'fortran_order' is not True or False");
        if (shape is not long[] dims) throw new ElmanException($"{where}: .npy header 'shape' is not a tuple of integers");
        if (dims.Any(d => d < 0)) throw new ElmanException($"{where}: .npy shape ({string.Join(", ", dims)}) has a negative dimension");
        var header = new NpyHeader(NpyDType.Parse(descrText, where), fortranOrder, dims);
        try { _ = header.ElementCount; }
        catch (OverflowException) { throw new ElmanException($"{where}: .npy shape {header.ShapeText} has too many elements"); }
        return header;
    }

    static void ReadExactly(Stream stream, Span<byte> buffer, string where, string what)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0) throw new ElmanException($"{where}: file ends inside {what} (truncated .npy)");
            total += read;
        }
    }
}
