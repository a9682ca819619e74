using System.Buffers;
using System.Text;

namespace Elman.Onnx.Protobuf;

/// <summary>
/// Writes the protobuf wire format (proto3 encoding), just the part Elman's ONNX files use: varints,
/// strings, bytes, packed int64s and nested messages (tensor data goes in raw bytes). Nested messages are written to a child
/// buffer first, because the wire format puts a message's byte length before its contents.
/// </summary>
/// <remarks>Field numbers and types come from the caller (see <see cref="OnnxFields"/>); the writer knows no schema.</remarks>
sealed class ProtoWriter
{
    // Wire types of the protobuf encoding.
    const int Varint = 0, LengthDelimited = 2;

    readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>An int32, int64 or enum field. Negative values take ten bytes, as protobuf's int64 does (two's complement, not zigzag).</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, Varint);
        WriteVarint((ulong)value);
    }

    /// <summary>A string field, UTF-8.</summary>
    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field: length, then the bytes.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    /// <summary>A repeated int64 field in packed form (proto3's default for repeated scalars).</summary>
    public void WritePackedInt64(int field, ReadOnlySpan<long> values)
    {
        var packed = new ProtoWriter();
        foreach (long v in values) packed.WriteVarint((ulong)v);
        WriteBytes(field, packed.WrittenSpan);
    }

    /// <summary>A nested message, filled by <paramref name="write"/>.</summary>
    public void WriteMessage(int field, Action<ProtoWriter> write)
    {
        var child = new ProtoWriter();
        write(child);
        WriteBytes(field, child.WrittenSpan);
    }

    void WriteTag(int field, int wireType) => WriteVarint((ulong)((uint)field << 3 | (uint)wireType));

    // Seven bits per byte, least significant group first, high bit set on all but the last byte.
    void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        int n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        _buffer.Advance(n);
    }
}
