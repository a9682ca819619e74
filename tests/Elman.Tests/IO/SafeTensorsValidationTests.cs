using System.Text;
using Elman.IO;

namespace Elman.Tests.IO;

/// <summary>
/// One case per rule a file must follow. Each must fail with a one-line SafeTensorsException that
/// starts with the file name as given and names the tensor or field, identically from bytes and disk.
/// </summary>
public class SafeTensorsValidationTests
{
    private const string FileName = "model.safetensors";
    private const string W = """{"dtype":"F32","shape":[1],"data_offsets":[0,4]}""";

    private sealed record Case(byte[] Header, int DataLength, string[] Expected);

    private static Case Json(string json, int dataLength, params string[] expected) => new(Encoding.UTF8.GetBytes(json), dataLength, expected);

    private static readonly Dictionary<string, Case> HeaderCases = new()
    {
        ["not UTF-8"] = new([.. "{\"w\":\""u8, 0xFF, .. "\"}"u8], 0, ["header is not valid UTF-8 (bad byte 0xFF at header offset 6)"]),
        ["not JSON"] = Json("""{"w":""", 0, "header is not valid JSON"),
        ["empty header"] = Json("", 0, "header is not valid JSON"),
        ["text after the object"] = Json("{} x", 0, "header is not valid JSON"),
        ["nested too deeply"] = Json(new string('[', 100) + new string(']', 100), 0, "header is not valid JSON"),
        ["array, not object"] = Json("[]", 0, "header is a JSON array, expected an object of tensor entries"),
        ["metadata not an object"] = Json("""{"__metadata__":"pt"}""", 0, "__metadata__ is a JSON string, expected an object of strings"),
        ["metadata null"] = Json("""{"__metadata__":null}""", 0, "__metadata__ is a JSON null"),
        ["metadata value not a string"] = Json("""{"__metadata__":{"epoch":3}}""", 0, "__metadata__ 'epoch' is a JSON number, expected a string"),
        ["metadata value a lone surrogate"] = Json("""{"__metadata__":{"k":"\udc00"}}""", 0, "__metadata__ 'k': string is not valid Unicode"),
        ["duplicate tensor"] = Json($$"""{"w":{{W}},"w":{{W}}}""", 4, "header: key 'w' appears twice"),
        ["duplicate tensor spelled with an escape"] = Json($$"""{"w":{{W}},"\u0077":{{W}}}""", 4, "header: key 'w' appears twice"),
        ["duplicate metadata section"] = Json("""{"__metadata__":{},"__metadata__":{}}""", 0, "header: key '__metadata__' appears twice"),
        ["duplicate metadata key"] = Json("""{"__metadata__":{"k":"a","k":"b"}}""", 0, "__metadata__: key 'k' appears twice"),
        ["duplicate field"] = Json("""{"w":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4, "tensor 'w': key 'dtype' appears twice"),
        ["name a lone surrogate"] = Json($$"""{"\ud800":{{W}}}""", 4, "header: a key is not valid Unicode"),
        ["name with a line break"] = Json("""{"a\nb":[0,4]}""", 4, @"tensor 'a\u000Ab': entry is a JSON array"),
        ["entry not an object"] = Json("""{"w":[0,4]}""", 4, "tensor 'w': entry is a JSON array, expected an object with dtype, shape and data_offsets"),
        ["missing dtype"] = Json("""{"w":{"shape":[1],"data_offsets":[0,4]}}""", 4, "tensor 'w': missing dtype"),
        ["missing shape"] = Json("""{"w":{"dtype":"F32","data_offsets":[0,4]}}""", 4, "tensor 'w': missing shape"),
        ["missing data_offsets"] = Json("""{"w":{"dtype":"F32","shape":[1]}}""", 4, "tensor 'w': missing data_offsets"),
        ["dtype not a string"] = Json("""{"w":{"dtype":4,"shape":[1],"data_offsets":[0,4]}}""", 4, "tensor 'w': dtype is a JSON number"),
        ["unknown dtype"] = Json("""{"w":{"dtype":"U16","shape":[1],"data_offsets":[0,2]}}""", 2, "tensor 'w': unknown dtype 'U16', expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL"),
        ["lower-case dtype"] = Json("""{"w":{"dtype":"f32","shape":[1],"data_offsets":[0,4]}}""", 4, "tensor 'w': unknown dtype 'f32'"),
        ["shape not an array"] = Json("""{"w":{"dtype":"F32","shape":1,"data_offsets":[0,4]}}""", 4, "tensor 'w': shape is a JSON number, expected an array of non-negative integers"),
        ["negative dimension"] = Json("""{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4, "tensor 'w': shape item 0 is -1, expected a non-negative integer"),
        ["fractional dimension"] = Json("""{"w":{"dtype":"F32","shape":[1,1.5],"data_offsets":[0,4]}}""", 4, "tensor 'w': shape item 1 is 1.5"),
        ["dimension written as a float"] = Json("""{"w":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}}""", 4, "tensor 'w': shape item 0 is 1.0"),
        ["dimension written as a string"] = Json("""{"w":{"dtype":"F32","shape":["1"],"data_offsets":[0,4]}}""", 4, "tensor 'w': shape item 0 is \"1\""),
        ["dimension beyond int64"] = Json("""{"w":{"dtype":"F32","shape":[9223372036854775808],"data_offsets":[0,4]}}""", 4, "tensor 'w': shape item 0 is 9223372036854775808"),
        ["element count overflows"] = Json("""{"w":{"dtype":"U8","shape":[4294967296,4294967296],"data_offsets":[0,0]}}""", 0, "tensor 'w': U8 [4294967296, 4294967296] needs more than 9223372036854775807 bytes"),
        ["byte count overflows"] = Json("""{"w":{"dtype":"F32","shape":[2305843009213693952],"data_offsets":[0,0]}}""", 0, "tensor 'w': F32 [2305843009213693952] needs more than"),
        ["data_offsets not an array"] = Json("""{"w":{"dtype":"F32","shape":[1],"data_offsets":"0,4"}}""", 4, "tensor 'w': data_offsets is a JSON string"),
        ["one offset"] = Json("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[4]}}""", 4, "tensor 'w': data_offsets has 1 numbers, expected [begin, end]"),
        ["three offsets"] = Json("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4,4]}}""", 4, "tensor 'w': data_offsets has 3 numbers"),
        ["negative offset"] = Json("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}""", 4, "tensor 'w': data_offsets item 0 is -4"),
        ["fractional offset"] = Json("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4.5]}}""", 4, "tensor 'w': data_offsets item 1 is 4.5"),
        ["end before begin"] = Json("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}""", 4, "tensor 'w': data_offsets [4, 0] end before they begin"),
        ["end past the data area"] = Json("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4, "tensor 'w': data_offsets [0, 8] run past the end of the 4-byte data area"),
        ["byte count differs from shape"] = Json("""{"fc.weight":{"dtype":"F32","shape":[3,5],"data_offsets":[0,48]}}""", 48, "tensor 'fc.weight': data_offsets [0, 48] hold 48 bytes but F32 [3, 5] needs 60"),
        ["overlapping tensors"] = Json("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "tensor 'b': data_offsets [4, 12] overlap tensor 'a' at [0, 8]"),
        ["two tensors on the same bytes"] = Json("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}""", 4, "tensor 'b': data_offsets [0, 4] overlap tensor 'a' at [0, 4]"),
        ["hole between tensors"] = Json("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 12, "tensor 'b': data_offsets [8, 12] leave data area bytes [4, 8) belonging to no tensor"),
        ["hole at the start"] = Json("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "tensor 'a': data_offsets [4, 8] leave data area bytes [0, 4) belonging to no tensor"),
        ["bytes after the last tensor"] = Json($$"""{"a":{{W}}}""", 8, "data area has 8 bytes but the tensors cover only [0, 4)"),
        ["data but no tensors"] = Json("""{"__metadata__":{"format":"pt"}}""", 4, "data area has 4 bytes but the tensors cover only [0, 0)"),
    };

    public static TheoryData<string> HeaderCaseNames => new(HeaderCases.Keys);

    [Theory]
    [MemberData(nameof(HeaderCaseNames))]
    public void RejectsBadHeader(string name)
    {
        Case c = HeaderCases[name];
        AssertRejected(RawSafeTensors.Build(c.Header, new byte[c.DataLength]), c.Expected);
    }

    private static readonly Dictionary<string, (byte[] File, string Expected)> PrefixCases = new()
    {
        ["empty file"] = ([], "file is 0 bytes, too short for the 8-byte header length that starts a safetensors file"),
        ["7-byte file"] = ([2, 0, 0, 0, 0, 0, 0], "file is 7 bytes, too short"),
        ["header length past the end"] = (RawSafeTensors.Build("{}"u8.ToArray(), [], claimedHeaderLength: 3), "header length 3 runs past the end of the file (10 bytes, so at most 2)"),
        ["header length at the 100 MB limit but past the end"] = (RawSafeTensors.Build("{}"u8.ToArray(), [], claimedHeaderLength: 100_000_000), "header length 100000000 runs past the end"),
        ["header length over 100 MB"] = (RawSafeTensors.Build("{}"u8.ToArray(), [], claimedHeaderLength: 100_000_001), "header length 100000001 exceeds the 100000000-byte limit"),
        ["header length 2^64 - 1"] = (RawSafeTensors.Build("{}"u8.ToArray(), [], claimedHeaderLength: ulong.MaxValue), "header length 18446744073709551615 exceeds"),
    };

    public static TheoryData<string> PrefixCaseNames => new(PrefixCases.Keys);

    [Theory]
    [MemberData(nameof(PrefixCaseNames))]
    public void RejectsBadLengthPrefix(string name)
    {
        (byte[] file, string expected) = PrefixCases[name];
        AssertRejected(file, [expected]);
    }

    [Fact]
    public void IgnoresUnknownEntryFieldsLikeTheReferenceReader()
    {
        byte[] bytes = RawSafeTensors.Build("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"note":{"any":[1]}}}""", 4);

        Assert.Equal([0f], SafeTensorsFile.Parse(bytes, FileName)["w"].ToSingleArray());
    }

    [Fact]
    public void AcceptsZeroSizedTensorsSharingAnOffset()
    {
        byte[] bytes = RawSafeTensors.Build(
            """{"e1":{"dtype":"F32","shape":[0],"data_offsets":[4,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"e2":{"dtype":"I64","shape":[2,0],"data_offsets":[4,4]}}""", 4);

        SafeTensorsFile file = SafeTensorsFile.Parse(bytes, FileName);

        Assert.Equal(["e1", "a", "e2"], file.Tensors.Select(t => t.Name));
        Assert.Empty(file["e2"].ToInt64Array());
    }

    [Fact]
    public void MissingFileIsASafeTensorsExceptionNamingThePath()
    {
        using var folder = new TempDirectory();
        string path = folder.File("absent.safetensors");

        var e = Assert.Throws<SafeTensorsException>(() => SafeTensorsFile.Read(path));

        Assert.Equal($"{path}: file not found", e.Message);
    }

    [Fact]
    public void UnreadablePathIsASafeTensorsExceptionNamingThePath()
    {
        using var folder = new TempDirectory();

        var e = Assert.Throws<SafeTensorsException>(() => SafeTensorsFile.Read(folder.Path));

        Assert.StartsWith($"{folder.Path}: cannot read: ", e.Message);
    }

    [Fact]
    public void UnwritablePathIsAnElmanExceptionNamingThePath()
    {
        using var folder = new TempDirectory();
        string path = Path.Combine(folder.Path, "no-such-folder", "model.safetensors");

        var e = Assert.Throws<ElmanException>(() => new SafeTensorsFile([]).Write(path));

        Assert.StartsWith($"{path}: cannot write: ", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    // Parse and Read must agree; Read is given a relative path, which its messages must keep as is.
    private static void AssertRejected(byte[] bytes, string[] expected)
    {
        var fromBytes = Assert.Throws<SafeTensorsException>(() => SafeTensorsFile.Parse(bytes, FileName));

        using var folder = new TempDirectory();
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, folder.File(FileName));
        File.WriteAllBytes(relative, bytes);
        var fromDisk = Assert.Throws<SafeTensorsException>(() => SafeTensorsFile.Read(relative));

        Assert.StartsWith($"{FileName}: ", fromBytes.Message);
        Assert.Equal($"{relative}{fromBytes.Message[FileName.Length..]}", fromDisk.Message);
        Assert.DoesNotContain('\n', fromBytes.Message);
        Assert.DoesNotContain('\r', fromBytes.Message);
        foreach (string fragment in expected)
            Assert.Contains(fragment, fromBytes.Message);
    }
}
