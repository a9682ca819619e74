using System.IO.Compression;
using Elman.Data.Sequences;

namespace Elman.Tests.Data.Sequences;

public class BadNumpyFileTests
{
    static byte[] Y(int n) => NpyBytes.File("<i8", [n], NpyBytes.Encode(Enumerable.Range(0, n).Select(i => (double)(i % 2)).ToArray(), "<i8"));
    static byte[] X(long[] shape, double[] values, string descr = "<f4") => NpyBytes.File(descr, shape, NpyBytes.Encode(values, descr));
    static readonly double[] Six = [1, 2, 3, 4, 5, 6];

    // Each case: the arrays of a .npz → the exact start of the message after "d.npz", and a phrase of it.
    public static TheoryData<string, (string, byte[])[], string> Cases() => new()
    {
        { "nan in x", [("x.npy", X([2, 3], [1, 2, 3, 4, double.NaN, 6])), ("y.npy", Y(2))], ": x[1, 1, 0] is NaN, expected finite values" },
        { "infinity in x", [("x.npy", X([2, 3, 1], [1, double.PositiveInfinity, 3, 4, 5, 6])), ("y.npy", Y(2))], ": x[0, 1, 0] is Infinity, expected finite values" },
        { "nan in a valid step by lengths", [("x.npy", X([2, 3], [1, 2, double.NaN, 4, 5, 6])), ("y.npy", Y(2)), ("lengths.npy", X([2], [3, 3], "<i8"))], ": x[0, 2, 0] is NaN" },
        { "all nan", [("x.npy", X([2, 3], [1, 2, 3, double.NaN, double.NaN, double.NaN])), ("y.npy", Y(2))], ": x[1] has no values (every step is NaN)" },
        { "y longer than x", [("x.npy", X([2, 3], Six)), ("y.npy", Y(3))], ": x.npy: 'x' has shape [2, 3], expected N = 3 sequences as 'y' has labels" },
        { "x of rank 1", [("x.npy", X([6], Six)), ("y.npy", Y(6))], ": x.npy: 'x' has shape [6], expected [N, T, D] or [N, T]" },
        { "y of rank 2", [("x.npy", X([2, 3], Six)), ("y.npy", X([2, 2], [0, 1, 1, 0], "<i8"))], ": y.npy: 'y' has shape [2, 2], expected [N]" },
        { "length zero", [("x.npy", X([2, 3], Six)), ("y.npy", Y(2)), ("lengths.npy", X([2], [3, 0], "<i8"))], ": lengths.npy: lengths[1] = 0, expected 1 ≤ length ≤ T" },
        { "length past T", [("x.npy", X([2, 3], Six)), ("y.npy", Y(2)), ("lengths.npy", X([2], [4, 1], "<i4"))], ": lengths[0] = 4, expected 1 ≤ length ≤ T = 3" },
        { "float lengths", [("x.npy", X([2, 3], Six)), ("y.npy", Y(2)), ("lengths.npy", X([2], [3, 1], "<f8"))], ": lengths.npy: 'lengths' has dtype '<f8', expected integers" },
        { "lengths of wrong count", [("x.npy", X([2, 3], Six)), ("y.npy", Y(2)), ("lengths.npy", X([3], [3, 1, 1], "<i8"))], ": lengths.npy: 'lengths' has shape [3], expected [2]" },
        { "fractional labels", [("x.npy", X([2, 3], Six)), ("y.npy", X([2], [0, 0.5], "<f8"))], ": y.npy: y[1] = 0.5, expected integer class labels" },
        { "object y", [("x.npy", X([2, 3], Six)), ("y.npy", NpyBytes.File("|O", [2], [0x80, 0x04]))], ": y.npy: 'y' is an object array (dtype 'O', stored with pickle), which is never unpickled" },
        { "object x", [("x.npy", NpyBytes.File("|O", [2, 3], [0x80, 0x04])), ("y.npy", Y(2))], ": x.npy: 'x' is an object array" },
        { "string x", [("x.npy", NpyBytes.File("<U1", [2, 1], NpyBytes.EncodeUnicode(["a", "b"], 1))), ("y.npy", Y(2))], ": x.npy: 'x' has dtype '<U1', expected numbers" },
        { "empty label", [("x.npy", X([2, 3], Six)), ("y.npy", NpyBytes.File("<U2", [2], NpyBytes.EncodeUnicode(["a", ""], 2)))], ": y.npy: y[1] is an empty string" },
        { "truncated x", [("x.npy", X([2, 3], Six)[..^5]), ("y.npy", Y(2))], ": x.npy: the data of 'x' ends after 4 of 6 elements (truncated file)" },
        { "truncated header", [("x.npy", X([2, 3], Six)[..20]), ("y.npy", Y(2))], ": x.npy: file ends inside the header (truncated .npy)" },
        { "not npy", [("x.npy", "PK\x03\x04 not numpy"u8.ToArray()), ("y.npy", Y(2))], ": x.npy: not a NumPy .npy file" },
        { "version 4", [("x.npy", [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 4, 0, 0, 0]), ("y.npy", Y(2))], ": x.npy: .npy format version 4.0, expected 1.0, 2.0 or 3.0" },
        { "missing y", [("x.npy", X([2, 3], Six))], ": no array 'y' in the archive (found x.npy)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_npz_is_one_line_naming_the_file_array_and_index(string name, (string, byte[])[] arrays, string expected)
    {
        using var folder = new TempFolder();
        string path = folder.Write("d.npz", NpyBytes.Zip(CompressionLevel.Optimal, arrays));
        var e = Assert.Throws<ElmanException>(() => NumericSequenceFile.Read(path));
        Assert.True(e.Message.StartsWith(path + expected, StringComparison.Ordinal), $"{name}: {e.Message}");
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Mixed_integer_and_string_labels_cannot_occur_in_one_npy_but_do_across_files()
    {
        // A NumPy array has one dtype; labels of mixed kinds come from merging files, which keeps both kinds as names.
        Assert.Equal(["1", "2", "10"], ClassLabels.Order(["10", "2", "1"]));
        Assert.Equal(["1", "10", "a"], ClassLabels.Order(["a", "10", "1"]));
    }

    [Fact]
    public void Bad_paths_and_names_are_explained()
    {
        using var folder = new TempFolder();
        string plain = folder.Write("data.npy", X([2, 3], Six));
        var e = Assert.Throws<ElmanException>(() => NumericSequenceFile.Read(plain));
        Assert.Contains("must be named NAME.x.npy, with labels in NAME.y.npy", e.Message);

        string lonely = folder.Write("a.x.npy", X([2, 3], Six));
        e = Assert.Throws<ElmanException>(() => NumericSequenceFile.Read(lonely));
        Assert.Equal($"{Path.Combine(folder.Path, "a.y.npy")}: file not found ('y' of {lonely})", e.Message);

        string notZip = folder.Write("z.npz", "not a zip"u8.ToArray());
        e = Assert.Throws<ElmanException>(() => NumericSequenceFile.Read(notZip));
        Assert.StartsWith($"{notZip}: not a readable .npz (zip) file", e.Message);

        e = Assert.Throws<ElmanException>(() => NumericSequenceFile.Read(Path.Combine(folder.Path, "none.npz")));
        Assert.EndsWith("none.npz: data file not found", e.Message);
    }
}
