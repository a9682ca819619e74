using System.Text;
using Elman.IO;

namespace Elman.Tests.IO;

/// <summary>Write then read, through bytes in memory and through a file on disk.</summary>
public class SafeTensorsRoundTripTests
{
    // Scalar, empty, vector, matrix, empty in the middle, unit dimensions.
    public static TheoryData<long[]> Shapes => new(new long[][] { [], [0], [3], [2, 3], [2, 0, 3], [1, 1, 1, 5] });

    private static long Count(long[] shape) => shape.Aggregate(1L, (a, b) => a * b);

    // Distinct, sign-mixed, non-integer where the type allows, so a swapped or misaligned element shows.
    private static double Value(int i) => (i + 1) * (i % 2 == 0 ? 1.25 : -3.5);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void F32ValuesSurviveExactly(long[] shape)
    {
        float[] values = Enumerable.Range(0, (int)Count(shape)).Select(i => (float)Value(i) / 3f).ToArray();
        SafeTensor back = RoundTrip(SafeTensor.FromSingle("f32", values, shape));

        AssertSameHeader(SafeTensorDType.F32, shape, back);
        Assert.Equal(values, back.ToSingleArray());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void F64ValuesSurviveExactly(long[] shape)
    {
        double[] values = Enumerable.Range(0, (int)Count(shape)).Select(i => Value(i) / 3).ToArray();
        SafeTensor back = RoundTrip(SafeTensor.FromDouble("f64", values, shape));

        AssertSameHeader(SafeTensorDType.F64, shape, back);
        Assert.Equal(values, back.ToDoubleArray());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void I64ValuesSurviveExactly(long[] shape)
    {
        long[] values = Enumerable.Range(0, (int)Count(shape)).Select(i => i % 2 == 0 ? long.MaxValue - i : long.MinValue + i).ToArray();
        SafeTensor back = RoundTrip(SafeTensor.FromInt64("i64", values, shape));

        AssertSameHeader(SafeTensorDType.I64, shape, back);
        Assert.Equal(values, back.ToInt64Array());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void I32ValuesSurviveExactly(long[] shape)
    {
        int[] values = Enumerable.Range(0, (int)Count(shape)).Select(i => i % 2 == 0 ? int.MaxValue - i : int.MinValue + i).ToArray();
        SafeTensor back = RoundTrip(SafeTensor.FromInt32("i32", values, shape));

        AssertSameHeader(SafeTensorDType.I32, shape, back);
        Assert.Equal(values.Select(v => (long)v), back.ToInt64Array());
    }

    public static TheoryData<SafeTensorDType> AllDTypes => new(Enum.GetValues<SafeTensorDType>());

    [Theory]
    [MemberData(nameof(AllDTypes))]
    public void RawBytesOfEveryDTypeSurvive(SafeTensorDType dtype)
    {
        byte[] bytes = Enumerable.Range(0, 6 * dtype.ElementSize()).Select(i => (byte)(dtype == SafeTensorDType.BOOL ? i % 2 : 37 * i + 11)).ToArray();
        SafeTensor back = RoundTrip(new SafeTensor("raw", dtype, bytes, 3, 2));

        AssertSameHeader(dtype, [3, 2], back);
        Assert.Equal(bytes, back.Data.ToArray());
    }

    [Fact]
    public void MetadataWithUnicodeQuotesAndControlCharactersSurvives()
    {
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["quote\"key"] = "say \"hi\" \\ back\\slash",
            ["ünïcødé 中文"] = "😀 emoji, \u2028 separator, é",
            ["control"] = "tab\tnewline\nnul\0",
            ["empty"] = "",
        };
        var file = new SafeTensorsFile([SafeTensor.FromSingle("w", [1f], 1)], metadata);

        SafeTensorsFile back = SafeTensorsFile.Parse(file.ToBytes(), "meta.safetensors");

        Assert.Equal(metadata.OrderBy(p => p.Key, StringComparer.Ordinal), back.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void TensorNamesWithUnicodeAndQuotesSurviveInOrder()
    {
        string[] names = ["z.last", "a.first", "we\"ird\\name", "中文.weight", "", "😀"];
        var file = new SafeTensorsFile(names.Select((n, i) => SafeTensor.FromInt32(n, [i], 1)));

        SafeTensorsFile back = SafeTensorsFile.Parse(file.ToBytes(), "names.safetensors");

        Assert.Equal(names, back.Tensors.Select(t => t.Name));
        for (int i = 0; i < names.Length; i++)
            Assert.Equal([(long)i], back[names[i]].ToInt64Array());
    }

    [Fact]
    public void FileOrderIsHeaderOrderEvenWhenOffsetsRunTheOtherWay()
    {
        byte[] header = Encoding.UTF8.GetBytes(
            "{\"second\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[1,2]},\"first\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[0,1]}}");
        byte[] bytes = RawSafeTensors.Build(header, [10, 20]);

        SafeTensorsFile file = SafeTensorsFile.Parse(bytes, "order.safetensors");

        Assert.Equal(["second", "first"], file.Tensors.Select(t => t.Name));
        Assert.Equal([20L], file["second"].ToInt64Array());
        Assert.Equal([10L], file["first"].ToInt64Array());
    }

    [Fact]
    public void WriteThenReadFromDiskGivesTheSameFile()
    {
        using var folder = new TempDirectory();
        string path = folder.File("model.safetensors");
        var file = new SafeTensorsFile(
            [SafeTensor.FromSingle("rnn.weight_ih_l0", [1f, 2f, 3f, 4f, 5f, 6f], 3, 2), SafeTensor.FromInt64("step", [12])],
            new Dictionary<string, string> { ["elman"] = "1" });

        file.Write(path);
        SafeTensorsFile back = SafeTensorsFile.Read(path);

        Assert.Equal(path, back.Source);
        Assert.Equal($"{path}: 2 tensors, 1 metadata entries", back.ToString());
        Assert.Equal(file.ToBytes(), File.ReadAllBytes(path));
        Assert.Equal(file.ToBytes(), back.ToBytes());
        Assert.Equal(["rnn.weight_ih_l0", "step"], back.Tensors.Select(t => t.Name));
        Assert.Equal(["model.safetensors"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void TensorsReadFromAFileNameItInMessages()
    {
        SafeTensorsFile file = SafeTensorsFile.Parse(new SafeTensorsFile([SafeTensor.FromInt32("a", [1], 1)]).ToBytes(), "ckpt.safetensors");

        var e = Assert.Throws<SafeTensorsException>(() => file["fc.weight"]);

        Assert.Equal("ckpt.safetensors: missing tensor 'fc.weight'; the file has 'a'", e.Message);
        Assert.False(file.TryGet("fc.weight", out _));
        Assert.True(file.TryGet("a", out SafeTensor? a));
        Assert.Equal("a", a.Name);
    }

    [Fact]
    public void DuplicateNamesAreRejectedWhenBuildingAFile()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new SafeTensorsFile([SafeTensor.FromInt32("w", [1], 1), SafeTensor.FromInt32("w", [2], 1)]));

        Assert.Contains("two tensors are named 'w'", e.Message);
    }

    [Fact]
    public void MetadataThatCannotBeStoredIsRejectedWhenBuildingAFile()
    {
        Dictionary<string, string>[] bad = [new() { ["k"] = "lone \ud800" }, new() { ["lone \udc00"] = "v" }, new() { ["k"] = null! }];
        foreach (Dictionary<string, string> metadata in bad)
            Assert.Throws<ArgumentException>(() => new SafeTensorsFile([], metadata));
    }

    private static SafeTensor RoundTrip(SafeTensor tensor)
    {
        byte[] bytes = new SafeTensorsFile([tensor]).ToBytes();
        using var folder = new TempDirectory();
        string path = folder.File("t.safetensors");
        new SafeTensorsFile([tensor]).Write(path);
        Assert.Equal(bytes, File.ReadAllBytes(path));

        SafeTensor fromBytes = SafeTensorsFile.Parse(bytes, "t.safetensors")[tensor.Name];
        SafeTensor fromDisk = SafeTensorsFile.Read(path)[tensor.Name];
        Assert.Equal(fromBytes.Data.ToArray(), fromDisk.Data.ToArray());
        return fromDisk;
    }

    private static void AssertSameHeader(SafeTensorDType dtype, long[] shape, SafeTensor back)
    {
        Assert.Equal(dtype, back.DType);
        Assert.Equal(shape, back.Shape);
        Assert.Equal(Count(shape), back.ElementCount);
    }
}
