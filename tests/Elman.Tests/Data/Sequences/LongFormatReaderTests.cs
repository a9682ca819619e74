using Elman.Data.Sequences;
using Elman.Data.Text;

namespace Elman.Tests.Data.Sequences;

public class LongFormatReaderTests
{
    static NumericSequences Parse(string text, NumericReadOptions? options = null, char delimiter = ',')
        => LongFormatReader.Parse(text, "l.csv", delimiter, options ?? new NumericReadOptions());

    [Fact]
    public void Without_a_step_column_rows_keep_file_order_and_sequences_may_interleave()
    {
        var data = Parse("sequence,label,ax,ay,note\nb,walk,1,2,x\na,run,3,4,y\nb,walk,5,6,z\n");
        Assert.Equal((2, 2, 2), (data.Count, data.Steps, data.Features));   // 'note' is not numeric: not a feature
        Assert.Equal([2, 1], data.Lengths);
        Assert.Equal([1f, 2, 5, 6, 3, 4, 0, 0], data.X);                   // sequences in order of first appearance
        Assert.Equal(["run", "walk"], data.ClassNames);
        Assert.Equal([1, 0], data.Labels);
    }

    [Fact]
    public void A_step_column_orders_shuffled_rows()
    {
        const string text = "id\tt\tv\tclass\n" +
                            "s1\t2\t30\t1\ns2\t0\t-1\t0\ns1\t0\t10\t1\ns1\t1.5\t20\t1\n";
        var data = Parse(text, new NumericReadOptions { SequenceColumn = "id", StepColumn = "t", LabelColumn = "class" }, '\t');
        Assert.Equal([10f, 20, 30, -1, 0, 0], data.X);
        Assert.Equal([3, 1], data.Lengths);
        Assert.Equal(["0", "1"], data.ClassNames);
    }

    [Fact]
    public void A_column_named_step_is_the_step_column_by_default_and_never_a_feature()
    {
        var data = Parse("Step,sequence,label,v\n1,a,x,20\n0,a,x,10\n");
        Assert.Equal([10f, 20], data.X);
        Assert.Equal(1, data.Features);
    }

    [Fact]
    public void Explicit_feature_columns_are_taken_in_the_order_given()
    {
        var data = Parse("sequence,label,a,b,c\ns,1,1,2,3\n", new NumericReadOptions { FeatureColumns = ["c", "a"] });
        Assert.Equal([3f, 1], data.X);
    }

    [Theory]
    [InlineData("sequence,label,v\na,x,1\na,y,2\n", "l.csv:3:3: label 'y' differs from 'x' on line 2 for sequence 'a'")]
    [InlineData("sequence,label,step,v\na,x,0,1\na,x,0,2\n", "l.csv:3:5: step 0 of sequence 'a' repeats (first on line 2)")]
    [InlineData("sequence,label,step,v\na,x,one,1\n", "l.csv:2:5: step 'one' in column 'step' is not a number")]
    [InlineData("sequence,label,v\na,x,1\nb,y,NaN\n", "l.csv:3:5: NaN in feature column 'v' is not finite")]
    [InlineData("sequence,label,v\na,x,1\nb,y\n", "l.csv:3:4: row has 2 fields, expected 3")]
    [InlineData("sequence,label,v\na,1,1\nb,y,2\n", "l.csv:3:3: label 'y' is a string but the first label '1' is a number")]
    [InlineData("seq,label,v\na,x,1\n", "l.csv:1:1: the header has no sequence column 'sequence' (found 'seq', 'label', 'v')")]
    [InlineData("sequence,label,v\na,x,p\n", "l.csv:1:1: no feature columns")]
    [InlineData("sequence,label,v\n,x,1\n", "l.csv:2:1: empty sequence id")]
    [InlineData("sequence,label,v\n\"a,x,1\n", "l.csv:2:1: quoted field is never closed")]
    public void Bad_rows_name_file_line_and_column(string text, string expected)
    {
        var e = Assert.Throws<DataFormatException>(() => Parse(text));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void An_explicit_feature_column_with_text_is_an_error_at_its_cell()
    {
        var e = Assert.Throws<DataFormatException>(() => Parse("sequence,label,v\na,x,1\na,x,high\n", new NumericReadOptions { FeatureColumns = ["v"] }));
        Assert.StartsWith("l.csv:3:5: 'high' in feature column 'v' is not a number", e.Message);
    }

    [Fact]
    public void Csv_files_read_through_the_entry_point()
    {
        using var folder = new TempFolder();
        string path = folder.Write("d.csv", "sequence,label,v\na,x,1\n");
        Assert.Equal([1f], NumericSequenceFile.Read(path).X);
    }
}
