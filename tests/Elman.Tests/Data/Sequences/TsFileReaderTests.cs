using Elman.Data.Sequences;
using Elman.Data.Text;

namespace Elman.Tests.Data.Sequences;

public class TsFileReaderTests
{
    const string Univariate = """
        # The UCR archive's GunPoint, shortened
        @problemName GunPoint
        @timeStamps false
        @missing false
        @univariate true
        @equalLength true
        @seriesLength 3
        @classLabel true 1 2
        @data
        -0.6,-0.5,0.25:2
        1,2,3:1

        """;

    [Fact]
    public void Reads_a_univariate_file()
    {
        var data = TsFileReader.Parse(Univariate, "g.ts");
        Assert.Equal((2, 3, 1), (data.Count, data.Steps, data.Features));
        Assert.Equal([-0.6f, -0.5f, 0.25f, 1, 2, 3], data.X);
        Assert.Equal(["1", "2"], data.ClassNames);
        Assert.Equal([1, 0], data.Labels);
    }

    [Fact]
    public void Reads_a_multivariate_file_with_unequal_lengths_and_string_labels()
    {
        const string text = """
            @problemName Moves
            @univariate false
            @dimensions 2
            @equalLength false
            @classLabel true walking standing running
            @data
            1,2,3:4,5,6:walking
            7,?:8,?:standing
            9,10,?,?:11,12,?,?:walking
            """;
        var data = TsFileReader.Parse(text, "m.ts");

        Assert.Equal((3, 3, 2), (data.Count, data.Steps, data.Features));
        Assert.Equal([3, 1, 2], data.Lengths);
        // x[n, t, d]: the dimensions of one step sit side by side.
        Assert.Equal([1f, 4, 2, 5, 3, 6, 7, 8, 0, 0, 0, 0, 9, 11, 10, 12, 0, 0], data.X);
        Assert.Equal(["running", "standing", "walking"], data.ClassNames);   // every declared class, present or not
        Assert.Equal([2, 1, 2], data.Labels);
    }

    const string Head = "@problemName P\n@classLabel true a b\n@data\n";

    [Theory]
    [InlineData(Head + "1,2:a\n1,?,3:b\n", ":5:3: dimension 1 is missing value 2 of 3")]
    [InlineData(Head + "1,2,3:4,5:a\n", ":4:10: dimension 2 is missing value 3 of 3")]
    [InlineData(Head + "1,2:3,4:a\n1,2:b\n", ":5:5: the case has 1 dimensions, expected 2 as the cases before it")]
    [InlineData(Head + "1,2:c\n", ":4:5: class label 'c' is not declared in @classLabel (a b)")]
    [InlineData(Head + "1,x:a\n", ":4:3: 'x' is not a number")]
    [InlineData(Head + "1,,2:a\n", ":4:3: empty value")]
    [InlineData(Head + "?,?:a\n", ":4:1: every value of the case is missing")]
    [InlineData("@problemName P\n@timeStamps true\n@classLabel true a\n@data\n", ":2:1: time-stamped .ts data")]
    [InlineData("@problemName P\n@classLabel false\n@data\n", ":2:1: the file has no class labels")]
    [InlineData("@problemName P\n@targetLabel true\n@data\n", ":2:1: the file holds regression targets")]
    [InlineData("@problemName P\n@classLabel true 1 b\n@data\n1:1\n", ":2:1: label 'b' is a string but the first label '1' is a number")]
    [InlineData("@classLabel true a\n@seriesLength 2\n@data\n1,2,3:a\n", ":4:1: the case has 3 values per dimension, more than @seriesLength 2")]
    [InlineData("@classLabel true a\nnonsense\n@data\n", ":2:1: expected a header line starting with '@'")]
    public void Bad_files_name_file_line_and_column(string text, string expected)
    {
        var e = Assert.Throws<DataFormatException>(() => TsFileReader.Parse(text, "t.ts"));
        Assert.StartsWith("t.ts" + expected, e.Message);
    }

    [Theory]
    [InlineData("@classLabel true a\n", "t.ts: no @data line")]
    [InlineData("@problemName P\n@data\n1:a\n", "t.ts: no @classLabel line")]
    [InlineData("@classLabel true a\n@data\n\n", "t.ts: no cases after @data")]
    public void Missing_sections_are_named(string text, string expected)
        => Assert.StartsWith(expected, Assert.Throws<ElmanException>(() => TsFileReader.Parse(text, "t.ts")).Message);
}
