using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Elman.Tests.Data.Sequences;

/// <summary>
/// Writes .npy and .npz files byte by byte, as NumPy's format spec describes them, independently of the
/// reader under test: magic, version, little-endian header length, a dict literal padded with spaces and a
/// newline to a multiple of 64 bytes, then the elements.
/// </summary>
static class NpyBytes
{
    /// <summary>A whole .npy file: header for <paramref name="descr"/>, <paramref name="shape"/> and order, then <paramref name="data"/>.</summary>
    public static byte[] File(string descr, long[] shape, byte[] data, bool fortran = false, int version = 1, string? header = null)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        header ??= $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shapeText}, }}";
        var encoding = version == 3 ? Encoding.UTF8 : Encoding.ASCII;
        int prefix = version == 1 ? 10 : 12;
        int bytes = encoding.GetByteCount(header) + 1;
        int padding = (64 - (prefix + bytes) % 64) % 64;
        var headerBytes = encoding.GetBytes(header + new string(' ', padding) + "\n");
        var result = new MemoryStream();
        result.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0]);
        if (version == 1) result.Write(BitConverter.GetBytes((ushort)headerBytes.Length));
        else result.Write(BitConverter.GetBytes((uint)headerBytes.Length));
        result.Write(headerBytes);
        result.Write(data);
        return result.ToArray();
    }

    /// <summary>Encodes <paramref name="values"/> (given in file order) as <paramref name="descr"/>, e.g. "&gt;i2".</summary>
    public static byte[] Encode(IReadOnlyList<double> values, string descr)
    {
        bool big = descr[0] == '>';
        char kind = descr[1];
        int size = int.Parse(descr[2..]);
        var bytes = new byte[values.Count * size];
        for (int i = 0; i < values.Count; i++)
        {
            var s = bytes.AsSpan(i * size, size);
            double v = values[i];
            switch (kind, size)
            {
                case ('b', 1): s[0] = v != 0 ? (byte)1 : (byte)0; break;
                case ('i', 1): s[0] = (byte)(sbyte)v; break;
                case ('u', 1): s[0] = (byte)v; break;
                case ('i', 2): if (big) BinaryPrimitives.WriteInt16BigEndian(s, (short)v); else BinaryPrimitives.WriteInt16LittleEndian(s, (short)v); break;
                case ('u', 2): if (big) BinaryPrimitives.WriteUInt16BigEndian(s, (ushort)v); else BinaryPrimitives.WriteUInt16LittleEndian(s, (ushort)v); break;
                case ('i', 4): if (big) BinaryPrimitives.WriteInt32BigEndian(s, (int)v); else BinaryPrimitives.WriteInt32LittleEndian(s, (int)v); break;
                case ('u', 4): if (big) BinaryPrimitives.WriteUInt32BigEndian(s, (uint)v); else BinaryPrimitives.WriteUInt32LittleEndian(s, (uint)v); break;
                case ('i', 8): if (big) BinaryPrimitives.WriteInt64BigEndian(s, (long)v); else BinaryPrimitives.WriteInt64LittleEndian(s, (long)v); break;
                case ('u', 8): if (big) BinaryPrimitives.WriteUInt64BigEndian(s, (ulong)v); else BinaryPrimitives.WriteUInt64LittleEndian(s, (ulong)v); break;
                case ('f', 2): if (big) BinaryPrimitives.WriteHalfBigEndian(s, (Half)v); else BinaryPrimitives.WriteHalfLittleEndian(s, (Half)v); break;
                case ('f', 4): if (big) BinaryPrimitives.WriteSingleBigEndian(s, (float)v); else BinaryPrimitives.WriteSingleLittleEndian(s, (float)v); break;
                case ('f', 8): if (big) BinaryPrimitives.WriteDoubleBigEndian(s, v); else BinaryPrimitives.WriteDoubleLittleEndian(s, v); break;
                default: throw new ArgumentException(descr);
            }
        }
        return bytes;
    }

    /// <summary>Strings as NumPy 'U' (UTF-32 code units, NUL-padded to <paramref name="width"/> characters).</summary>
    public static byte[] EncodeUnicode(IReadOnlyList<string> values, int width, bool big = false)
    {
        var bytes = new byte[values.Count * width * 4];
        for (int i = 0; i < values.Count; i++)
        {
            int c = 0;
            foreach (var rune in values[i].EnumerateRunes())
            {
                var s = bytes.AsSpan((i * width + c++) * 4, 4);
                if (big) BinaryPrimitives.WriteUInt32BigEndian(s, (uint)rune.Value); else BinaryPrimitives.WriteUInt32LittleEndian(s, (uint)rune.Value);
            }
        }
        return bytes;
    }

    /// <summary>Row-major values of an array of <paramref name="shape"/> reordered to Fortran (column-major) file order.</summary>
    public static double[] ToFortran(IReadOnlyList<double> rowMajor, long[] shape)
    {
        var result = new double[rowMajor.Count];
        int k = 0;
        // Fortran order: the first index varies fastest; walk indices that way and look each up row-major.
        var index = new long[shape.Length];
        for (int i = 0; i < rowMajor.Count; i++)
        {
            long offset = 0;
            for (int a = 0; a < shape.Length; a++) offset = offset * shape[a] + index[a];
            result[k++] = rowMajor[(int)offset];
            for (int a = 0; a < shape.Length; a++)
            {
                if (++index[a] < shape[a]) break;
                index[a] = 0;
            }
        }
        return result;
    }

    /// <summary>A .npz archive of named .npy files, as numpy.savez (Stored) or savez_compressed (Optimal) write it.</summary>
    public static byte[] Zip(CompressionLevel level, params (string Name, byte[] Npy)[] arrays)
    {
        var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, npy) in arrays)
            {
                using var entry = zip.CreateEntry(name, level).Open();
                entry.Write(npy);
            }
        return memory.ToArray();
    }
}
