using System.Buffers.Binary;
using System.Text;

namespace Elman.Tests.IO;

/// <summary>Builds safetensors bytes by hand, independently of the writer under test.</summary>
internal static class RawSafeTensors
{
    /// <summary>The 8-byte little-endian length of <paramref name="header"/>, the header, then <paramref name="data"/>.</summary>
    public static byte[] Build(byte[] header, byte[] data, ulong? claimedHeaderLength = null)
    {
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, claimedHeaderLength ?? (ulong)header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }

    /// <summary>A file whose header is <paramref name="json"/> as UTF-8 and whose data area is <paramref name="dataLength"/> zero bytes.</summary>
    public static byte[] Build(string json, int dataLength) => Build(Encoding.UTF8.GetBytes(json), new byte[dataLength]);

    /// <summary>The little-endian bytes of <paramref name="values"/>, written one by one with BinaryPrimitives.</summary>
    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }
}
