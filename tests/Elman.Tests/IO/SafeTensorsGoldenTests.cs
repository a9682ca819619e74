using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Elman.IO;

namespace Elman.Tests.IO;

/// <summary>
/// Byte-exact files as the reference implementation (Rust safetensors, which Python's
/// <c>safetensors.torch.save_file</c> calls) writes them, spelled out by hand: compact JSON, metadata
/// first, tensors sorted by descending dtype then name, header padded with spaces to a multiple of 8.
/// </summary>
public class SafeTensorsGoldenTests
{
    // save_file({"weight": tensor([[1., 2.], [3., 4.]]), "bias": tensor([0.5, -1.]), "step": tensor(7)},
    //           path, metadata={"format": "pt"}): I64 sorts before F32, then names in order.
    private const string PythonHeader =
        "{\"__metadata__\":{\"format\":\"pt\"}," +
        "\"step\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}," +
        "\"bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}," +
        "\"weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[16,32]}}" +
        "  "; // 206 bytes of JSON + 2 spaces = 208

    private static readonly byte[] PythonFile =
    [
        208, 0, 0, 0, 0, 0, 0, 0,
        .. Encoding.ASCII.GetBytes(PythonHeader),
        7, 0, 0, 0, 0, 0, 0, 0,                          // step = 7
        0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x80, 0xBF,  // bias = 0.5, -1.0
        0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40,  // weight = 1.0, 2.0,
        0x00, 0x00, 0x40, 0x40, 0x00, 0x00, 0x80, 0x40,  //          3.0, 4.0
    ];

    [Fact]
    public void ParsesAFileAsPythonWritesIt()
    {
        SafeTensorsFile file = SafeTensorsFile.Parse(PythonFile, "python.safetensors");

        Assert.Equal(["step", "bias", "weight"], file.Tensors.Select(t => t.Name));
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Single(file.Metadata);
        Assert.Equal("step I64 []", file["step"].ToString());
        Assert.Equal([7L], file["step"].ToInt64Array());
        Assert.Equal([0.5f, -1f], file["bias"].ToSingleArray());
        Assert.Equal([2L, 2L], file["weight"].Shape);
        Assert.Equal([1f, 2f, 3f, 4f], file["weight"].ToSingleArray());
    }

    [Fact]
    public void WritesTheSameBytesAsPythonForTheSameOrder()
    {
        var file = new SafeTensorsFile(
            [
                SafeTensor.FromInt64("step", [7]),
                SafeTensor.FromSingle("bias", [0.5f, -1f], 2),
                SafeTensor.FromSingle("weight", [1f, 2f, 3f, 4f], 2, 2),
            ],
            new Dictionary<string, string> { ["format"] = "pt" });

        Assert.Equal(PythonFile, file.ToBytes());
    }

    // The reference implementation's own serialisation vectors: no tensors; metadata only; one F32
    // tensor whose JSON is 65 bytes and so needs 7 spaces of padding.
    public static TheoryData<string, string, byte[]> ReferenceVectors => new()
    {
        { "empty", "{}      ", [] },
        { "metadata only", "{\"__metadata__\":{\"framework\":\"pt\"}}     ", [] },
        { "forced alignment", "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ",
            RawSafeTensors.Floats(0, 1, 2, 3, 4, 5) },
    };

    [Theory]
    [MemberData(nameof(ReferenceVectors))]
    public void WriterMatchesReferenceVectorsByteForByte(string name, string header, byte[] data)
    {
        byte[] expected = RawSafeTensors.Build(Encoding.ASCII.GetBytes(header), data);
        SafeTensorsFile parsed = SafeTensorsFile.Parse(expected, name);

        byte[] written = new SafeTensorsFile(parsed.Tensors, parsed.Metadata).ToBytes();

        Assert.Equal(expected, written);
    }

    [Fact]
    public void ReadsAnUnpaddedHeaderLikeTheReferenceDocumentationExample()
    {
        // 60 bytes of JSON, not a multiple of 8: padding is what writers do, not what readers require.
        byte[] bytes = RawSafeTensors.Build("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", 16);
        Assert.Equal(60, bytes[0]);

        SafeTensor test = SafeTensorsFile.Parse(bytes, "doc.safetensors")["test"];

        Assert.Equal([0L, 0L, 0L, 0L], test.ToInt64Array());
    }

    [Fact]
    public void DataIsLaidOutLargestElementFirstSoEveryTensorIsAligned()
    {
        var file = new SafeTensorsFile(
        [
            new SafeTensor("mask", SafeTensorDType.BOOL, [1, 0, 1], 3),
            new SafeTensor("half", SafeTensorDType.F16, [0x00, 0x3C, 0x00, 0xC0], 2),
            SafeTensor.FromSingle("w", [1f, 2f, 3f], 3),
            SafeTensor.FromInt64("step", [5]),
        ]);

        byte[] bytes = file.ToBytes();
        int dataStart = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using JsonDocument header = JsonDocument.Parse(bytes.AsMemory(8, dataStart - 8));
        var offsets = header.RootElement.EnumerateObject().ToDictionary(
            p => p.Name, p => (p.Value.GetProperty("data_offsets")[0].GetInt64(), p.Value.GetProperty("data_offsets")[1].GetInt64()));

        // Header keeps the caller's order; the data area goes I64, F32, F16, BOOL.
        Assert.Equal(["mask", "half", "w", "step"], offsets.Keys);
        Assert.Equal((0L, 8L), offsets["step"]);
        Assert.Equal((8L, 20L), offsets["w"]);
        Assert.Equal((20L, 24L), offsets["half"]);
        Assert.Equal((24L, 27L), offsets["mask"]);
        Assert.Equal(0, dataStart % 8);

        SafeTensorsFile back = SafeTensorsFile.Parse(bytes, "aligned.safetensors");
        Assert.Equal(["mask", "half", "w", "step"], back.Tensors.Select(t => t.Name));
        Assert.Equal([1f, -2f], back["half"].ToSingleArray());
        Assert.Equal([1L, 0L, 1L], back["mask"].ToInt64Array());
        Assert.Equal(bytes, back.ToBytes());
    }

    public static TheoryData<int> TensorCounts => new() { 0, 1, 2, 3, 7, 8, 9 };

    [Theory]
    [MemberData(nameof(TensorCounts))]
    public void HeaderIsPaddedWithSpacesToAMultipleOf8AndPrefixedWithItsLength(int count)
    {
        var tensors = Enumerable.Range(0, count).Select(i => SafeTensor.FromSingle(new string('t', i + 1), new float[i], i));
        byte[] bytes = new SafeTensorsFile(tensors).ToBytes();

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        string json = header.TrimEnd(' ');

        Assert.Equal(0UL, headerLength % 8);
        Assert.True(header.Length - json.Length < 8, $"{header.Length - json.Length} padding bytes");
        Assert.EndsWith("}", json);
        Assert.Equal(8 + (int)headerLength + count * (count - 1) / 2 * 4, bytes.Length);
    }
}
