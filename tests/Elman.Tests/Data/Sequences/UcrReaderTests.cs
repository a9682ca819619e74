using Elman.Data.Sequences;
using Elman.Data.Text;

namespace Elman.Tests.Data.Sequences;

public class UcrReaderTests
{
    [Fact]
    public void Reads_labels_first_and_nan_padding_as_lengths()
    {
        using var folder = new TempFolder();
        string path = folder.Write("Gun_TRAIN.tsv", "2\t0.5\t1.5\t2.5\n1\t-1\tNaN\tNaN\n\n-1\t3\t4\tnan\r\n");

        var data = NumericSequenceFile.Read(path);

        Assert.Equal(NumericFileFormat.Ucr, NumericSequenceFile.FormatOf(path));
        Assert.Equal((3, 3, 1), (data.Count, data.Steps, data.Features));
        Assert.Equal([3, 1, 2], data.Lengths);
        Assert.Equal([0.5f, 1.5f, 2.5f, -1, 0, 0, 3, 4, 0], data.X);
        Assert.Equal(["-1", "1", "2"], data.ClassNames);   // numeric order, not text order
        Assert.Equal([2, 1, 0], data.Labels);
    }

    [Theory]
    [InlineData("1.0000000e+00,1,2\n2.0000000e+00,3,4\n")]    // the 2015 archive: commas, labels written as floats
    [InlineData("  1.0000000e+00   1   2\n  2   3  4  \n")]      // runs of spaces
    [InlineData("1,1,2,\n2,3,4,\n")]                            // a separator at line end
    public void Reads_the_older_txt_files(string content)
    {
        using var folder = new TempFolder();
        var data = NumericSequenceFile.Read(folder.Write("Old_TRAIN.txt", content));
        Assert.Equal(["1", "2"], data.ClassNames);
        Assert.Equal([1f, 2, 3, 4], data.X);
    }

    // content → "file:line:column: problem" after the file name.
    [Theory]
    [InlineData("1\t1\tNaN\t3\n", ":1:5: value 2 of the series is NaN before its last value")]
    [InlineData("1\t1\t2\n2\t1\tx\n", ":2:5: 'x' is not a number")]
    [InlineData("1\t1\t\t2\n", ":1:5: empty field, expected a number")]
    [InlineData("1\t1\tInfinity\n", ":1:5: Infinity is not finite")]
    [InlineData("1\t1\t2\nb\t1\t2\n", ":2:1: label 'b' is a string but the first label '1' is a number")]
    [InlineData("1\t1\t2\n0.5\t1\t2\n", ":2:1: label '0.5' is a number but not an integer")]
    [InlineData("1\tNaN\tNaN\n", ":1:1: every value of the series is NaN")]
    [InlineData("1\n", ":1:1: the line holds a label but no values")]
    public void Bad_lines_name_file_line_and_column(string content, string expected)
    {
        using var folder = new TempFolder();
        string path = folder.Write("u.tsv", content);
        var e = Assert.Throws<DataFormatException>(() => NumericSequenceFile.Read(path));
        Assert.StartsWith(path + expected, e.Message);
    }

    [Fact]
    public void A_tsv_with_a_header_row_is_long_format()
    {
        using var folder = new TempFolder();
        string ucr = folder.Write("a.tsv", "\n3\t1\t2\n");
        string withHeader = folder.Write("b.tsv", "sequence\tlabel\tv\ns\t1\t2\n");
        Assert.Equal(NumericFileFormat.Ucr, NumericSequenceFile.FormatOf(ucr));
        Assert.Equal(NumericFileFormat.Long, NumericSequenceFile.FormatOf(withHeader));
        Assert.Equal(NumericFileFormat.Long, NumericSequenceFile.FormatOf(ucr, new NumericReadOptions { LabelColumn = "3" }));
        Assert.Equal(NumericFileFormat.Ucr, NumericSequenceFile.FormatOf(withHeader, new NumericReadOptions { Format = NumericFileFormat.Ucr }));
    }
}
