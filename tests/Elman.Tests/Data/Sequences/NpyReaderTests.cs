using Elman.Data.Sequences;

namespace Elman.Tests.Data.Sequences;

public class NpyReaderTests
{
    // x [2, 3, 2] row-major: small integers every dtype holds exactly (u1 and b1 get their own values).
    static readonly long[] Shape = [2, 3, 2];
    static readonly double[] Values = [1, -2, 3, 0, 5, -6, 7, 8, -9, 10, 11, -12];

    static double[] ValuesFor(string descr) => descr[1] switch
    {
        'u' => Values.Select(Math.Abs).ToArray(),
        'b' => Values.Select(v => v > 0 ? 1.0 : 0.0).ToArray(),
        _ => Values,
    };

    public static TheoryData<string, bool, int> Cases()
    {
        var data = new TheoryData<string, bool, int>();
        foreach (var type in new[] { "f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1" })
            foreach (char order in type is "i1" or "u1" or "b1" ? new[] { '|' } : new[] { '<', '>' })
                foreach (bool fortran in new[] { false, true })
                    data.Add(order + type, fortran, 1);
        foreach (int version in new[] { 2, 3 }) { data.Add("<f4", false, version); data.Add(">f8", true, version); }
        data.Add("=f4", false, 1);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reads_every_dtype_byte_order_memory_order_and_version(string descr, bool fortran, int version)
    {
        using var folder = new TempFolder();
        var expected = ValuesFor(descr);
        var fileOrder = fortran ? NpyBytes.ToFortran(expected, Shape) : expected;
        string encodeAs = descr[0] == '=' ? "<" + descr[1..] : descr;
        string path = folder.Write("d.x.npy", NpyBytes.File(descr, Shape, NpyBytes.Encode(fileOrder, encodeAs), fortran, version));
        folder.Write("d.y.npy", NpyBytes.File("<i8", [2], NpyBytes.Encode([3, 1], "<i8")));

        var data = NumericSequenceFile.Read(path);

        Assert.Equal((2, 3, 2), (data.Count, data.Steps, data.Features));
        Assert.Equal(expected.Select(v => (float)v), data.X);
        Assert.Equal([3, 3], data.Lengths);
        Assert.Equal(["1", "3"], data.ClassNames);
        Assert.Equal([1, 0], data.Labels);
    }

    [Fact]
    public void A_fortran_ordered_large_array_crosses_chunks_in_the_right_places()
    {
        // 300 000 f8 values span three 1 MiB chunks; every value is its own row-major index.
        using var folder = new TempFolder();
        long[] shape = [100, 1000, 3];
        var expected = Enumerable.Range(0, 300_000).Select(i => (double)i).ToArray();
        string path = folder.Write("big.x.npy", NpyBytes.File(">f8", shape, NpyBytes.Encode(NpyBytes.ToFortran(expected, shape), ">f8"), fortran: true));
        folder.Write("big.y.npy", NpyBytes.File("<i4", [100], NpyBytes.Encode(Enumerable.Range(0, 100).Select(i => (double)(i % 2)).ToArray(), "<i4")));

        var data = NumericSequenceFile.Read(path);

        Assert.Equal(expected.Select(v => (float)v), data.X);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void String_labels_are_class_names_in_ordinal_order(bool bigEndian)
    {
        using var folder = new TempFolder();
        string path = folder.Write("s.x.npy", NpyBytes.File("<f4", [3, 2], NpyBytes.Encode([1, 2, 3, 4, 5, 6], "<f4")));
        string descr = (bigEndian ? ">" : "<") + "U5";
        folder.Write("s.y.npy", NpyBytes.File(descr, [3], NpyBytes.EncodeUnicode(["walk", "run", "cliff"], 5, bigEndian)));

        var data = NumericSequenceFile.Read(path);

        Assert.Equal(["cliff", "run", "walk"], data.ClassNames);
        Assert.Equal([2, 1, 0], data.Labels);
        Assert.Equal(1, data.Features);
    }

    [Fact]
    public void String_labels_that_are_all_integers_are_ordered_numerically_as_integer_labels_are()
    {
        using var folder = new TempFolder();
        string path = folder.Write("s.x.npy", NpyBytes.File("<f4", [3, 1], NpyBytes.Encode([1, 2, 3], "<f4")));
        folder.Write("s.y.npy", NpyBytes.File("<U2", [3], NpyBytes.EncodeUnicode(["10", "2", "-1"], 2)));
        Assert.Equal(["-1", "2", "10"], NumericSequenceFile.Read(path).ClassNames);
    }

    [Fact]
    public void Labels_beyond_the_basic_plane_and_byte_strings_read_as_text()
    {
        using var folder = new TempFolder();
        string path = folder.Write("s.x.npy", NpyBytes.File("<f4", [2, 1], NpyBytes.Encode([1, 2], "<f4")));
        folder.Write("s.y.npy", NpyBytes.File("<U2", [2], NpyBytes.EncodeUnicode(["é𝄞", "a"], 2)));
        Assert.Equal(["a", "é𝄞"], NumericSequenceFile.Read(path).ClassNames);

        folder.Write("s.y.npy", NpyBytes.File("|S3", [2], [(byte)'a', (byte)'b', 0, (byte)'c', 0, 0]));
        Assert.Equal(["ab", "c"], NumericSequenceFile.Read(path).ClassNames);
    }

    [Fact]
    public void Lengths_mark_padding_which_is_zeroed_even_when_it_holds_nan()
    {
        using var folder = new TempFolder();
        string path = folder.Write("p.x.npy", NpyBytes.File("<f8", [2, 3], NpyBytes.Encode([1, 2, double.NaN, 4, double.NaN, 99], "<f8")));
        folder.Write("p.y.npy", NpyBytes.File("<i8", [2], NpyBytes.Encode([0, 1], "<i8")));
        folder.Write("p.lengths.npy", NpyBytes.File("<i2", [2], NpyBytes.Encode([2, 1], "<i2")));

        var data = NumericSequenceFile.Read(path);

        Assert.Equal([2, 1], data.Lengths);
        Assert.Equal([1f, 2, 0, 4, 0, 0], data.X);
    }

    [Fact]
    public void Without_lengths_trailing_all_nan_steps_are_padding()
    {
        using var folder = new TempFolder();
        // [3, 3, 2]: lengths 3, 1 and 2; a step with one NaN feature among numbers is not padding (it is refused below).
        double n = double.NaN;
        string path = folder.Write("p.x.npy", NpyBytes.File("<f4", [3, 3, 2], NpyBytes.Encode([1, 2, 3, 4, 5, 6, 7, 8, n, n, n, n, 9, 10, 11, 12, n, n], "<f4")));
        folder.Write("p.y.npy", NpyBytes.File("<f8", [3, 1], NpyBytes.Encode([2, 2, 5], "<f8")));

        var data = NumericSequenceFile.Read(path);

        Assert.Equal([3, 1, 2], data.Lengths);
        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 9, 10, 11, 12, 0, 0], data.X);
        Assert.Equal(["2", "5"], data.ClassNames);
    }

    [Fact]
    public void A_directory_of_x_npy_and_y_npy_reads_as_a_pair()
    {
        using var folder = new TempFolder();
        folder.Write("x.npy", NpyBytes.File("<f4", [1, 2], NpyBytes.Encode([1, 2], "<f4")));
        folder.Write("y.npy", NpyBytes.File("<i8", [1], NpyBytes.Encode([7], "<i8")));

        var data = NumericSequenceFile.Read(folder.Path);

        Assert.Equal([1f, 2], data.X);
        Assert.Equal(["7"], data.ClassNames);
    }

    // Header dicts NumPy and other writers produce: quotes, key order, trailing commas, Python 2 longs.
    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1), }")]
    [InlineData("{\"shape\": (2, 1), \"fortran_order\": False, \"descr\": \"<f4\"}")]
    [InlineData("{'descr':'<f4','fortran_order':False,'shape':(2L, 1L)}")]
    [InlineData("{ 'descr' : '<f4' ,\t'fortran_order' : False , 'shape' : ( 2 , 1 , ) , }")]
    public void Header_dict_variants_parse(string header)
    {
        var parsed = NpyHeader.Parse(header, "h");
        Assert.Equal(("<f4", false, "[2, 1]"), (parsed.DType.Descr, parsed.FortranOrder, parsed.ShapeText));
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False}", "has no 'shape'")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", "'fortran_order' is not True or False")]
    [InlineData("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,)}", "structured")]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (2,)}", "'<c8' is not supported")]
    [InlineData("{'descr': '<M8[s]', 'fortran_order': False, 'shape': (2,)}", "no item size")]
    [InlineData("{'descr': 'f4', 'fortran_order': False, 'shape': (2,)}", "no byte order")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", "ends")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", "negative")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x", "after the header dict")]
    [InlineData("{'descr': __import__('os'), 'fortran_order': False, 'shape': (2,)}", "unexpected '_'")]
    public void Malformed_headers_are_one_line_errors(string header, string problem)
    {
        var e = Assert.Throws<ElmanException>(() => NpyHeader.Parse(header, "h.npy"));
        Assert.StartsWith("h.npy: ", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
