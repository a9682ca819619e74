using Elman.Data.Text;

namespace Elman.Tests.Data.Text;

/// <summary>Cases the mutation fuzzer found.</summary>
public class DelimitedTextParserRegressionTests
{
    [Theory]
    [InlineData("a,b,", 3)]
    [InlineData("a,b,\n", 3)]
    [InlineData(",", 2)]
    public void A_delimiter_at_the_very_end_leaves_an_empty_last_field(string text, int fields)
    {
        var row = Assert.Single(DelimitedTextParser.Parse(text, ','));
        Assert.Null(row.Problem);
        Assert.Equal(fields, row.Fields.Count);
        Assert.Equal("", row.Fields[^1].Value);
    }
}
