using Elman.Onnx.Protobuf;

namespace Elman.Integration.Tests.Onnx.Protobuf;

/// <summary>The wire format against byte strings worked out by hand from the protobuf encoding spec.</summary>
public sealed class ProtoWriterTests
{
    // ProtoWriter is internal, so the theory's data are case names and the writes are looked up here.
    static readonly (string Name, Action<ProtoWriter> Write, string Hex)[] Table =
    [
        ("varint 0", w => w.WriteInt64(1, 0), "08 00"),
        ("varint 1", w => w.WriteInt64(1, 1), "08 01"),
        ("varint 150 (the spec's example)", w => w.WriteInt64(1, 150), "08 96 01"),
        ("varint 2^32", w => w.WriteInt64(2, 1L << 32), "10 80 80 80 80 10"),
        ("int64 -1 takes ten bytes", w => w.WriteInt64(3, -1), "18 ff ff ff ff ff ff ff ff ff 01"),
        ("long.MinValue", w => w.WriteInt64(1, long.MinValue), "08 80 80 80 80 80 80 80 80 80 01"),
        ("field 20 needs a two-byte tag", w => w.WriteInt64(20, 2), "a0 01 02"),
        ("string (the spec's example)", w => w.WriteString(2, "testing"), "12 07 74 65 73 74 69 6e 67"),
        ("empty string", w => w.WriteString(4, ""), "22 00"),
        ("UTF-8 string", w => w.WriteString(1, "σ"), "0a 02 cf 83"),
        ("packed int64 [3, 270, 86942] (the spec's example)", w => w.WritePackedInt64(4, [3, 270, 86942]), "22 06 03 8e 02 9e a7 05"),
        ("packed with a negative", w => w.WritePackedInt64(1, [-1]), "0a 0a ff ff ff ff ff ff ff ff ff 01"),
        ("nested message (the spec's example)", w => w.WriteMessage(3, m => m.WriteInt64(1, 150)), "1a 03 08 96 01"),
        ("empty nested message", w => w.WriteMessage(7, _ => { }), "3a 00"),
        ("200-byte payload has a two-byte length", w => w.WriteBytes(1, new byte[200]), "0a c8 01" + string.Concat(Enumerable.Repeat(" 00", 200))),
    ];

    public static IEnumerable<object[]> Cases() => Table.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncodesAsTheSpecSays(string name)
    {
        var (_, write, hex) = Table.Single(c => c.Name == name);
        var w = new ProtoWriter();
        write(w);
        Assert.True(Convert.FromHexString(hex.Replace(" ", "")).AsSpan().SequenceEqual(w.WrittenSpan),
            $"{name}: expected {hex}, got {Convert.ToHexString(w.WrittenSpan).ToLowerInvariant()}");
    }
}
