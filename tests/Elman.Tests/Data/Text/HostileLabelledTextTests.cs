using System.Text;
using Elman.Data.Text;

namespace Elman.Tests.Data.Text;

/// <summary>
/// Inputs that were accepted but wrong, or crashed: lone surrogate escapes in JSON Lines, duplicate
/// columns and keys, one column for text and label, control characters in labels, and JSON numbers
/// that are one value written three ways.
/// </summary>
public class HostileLabelledTextTests
{
    static LabelledTextFile Parse(string content, TextFileFormat format, bool skip = false, string text = "text", string? label = "label")
        => LabelledTextReader.Parse(Encoding.UTF8.GetBytes(content), format, "d.jsonl", text, label, skip);

    static string Labels(LabelledTextFile file) => string.Join(",", file.Rows.Select(r => r.Label));

    [Theory]
    [InlineData("{\"text\":\"\\ud800\",\"label\":\"a\"}\n{\"text\":\"ok\",\"label\":\"b\"}\n", "key 'text' is not valid Unicode")]
    [InlineData("{\"text\":\"hi\",\"label\":\"\\udc00x\"}\n{\"text\":\"ok\",\"label\":\"b\"}\n", "key 'label' is not valid Unicode")]
    [InlineData("{\"\\ud800\":1,\"text\":\"hi\",\"label\":\"a\"}\n{\"text\":\"ok\",\"label\":\"b\"}\n", "a key is not valid Unicode")]
    [InlineData("{\"text\":\"hi\",\"label\":\"a\",\"label\":\"b\"}\n{\"text\":\"ok\",\"label\":\"b\"}\n", "key 'label' appears twice")]
    [InlineData("{\"text\":\"hi\",\"label\":\"a\\u0000b\"}\n{\"text\":\"ok\",\"label\":\"b\"}\n", "control character U+0000")]
    public void A_bad_json_row_is_refused_in_one_line_and_skipped_with_skip_bad_rows(string content, string problem)
    {
        var e = Assert.Throws<DataFormatException>(() => Parse(content, TextFileFormat.JsonLines));
        Assert.StartsWith("d.jsonl:1:1: ", e.Message);
        Assert.Contains(problem, e.Message);
        var skipped = Parse(content, TextFileFormat.JsonLines, skip: true);
        Assert.Equal(1, skipped.Skipped);
        Assert.Equal("b", Labels(skipped));
    }

    [Fact]
    public void Json_numbers_with_one_value_are_one_class_in_shortest_form()
    {
        var file = Parse("{\"text\":\"a\",\"label\":1}\n{\"text\":\"b\",\"label\":1.0}\n{\"text\":\"c\",\"label\":1e0}\n{\"text\":\"d\",\"label\":\"1\"}\n" +
            "{\"text\":\"e\",\"label\":0.50}\n{\"text\":\"f\",\"label\":-2E2}\n{\"text\":\"g\",\"label\":1e300}\n", TextFileFormat.JsonLines);
        Assert.Equal("1,1,1,1,0.5,-200,1E+300", Labels(file));
    }

    [Theory]
    [InlineData("text,label,text\na,b,c\n", "column 'text' twice")]
    [InlineData("text,label,label\na,b,c\n", "column 'label' twice")]
    [InlineData("text,label\na,b\u0001c\n", "control character U+0001")]
    public void Bad_csv_headers_and_labels_are_refused(string content, string problem)
    {
        var e = Assert.ThrowsAny<ElmanException>(() => LabelledTextReader.Parse(Encoding.UTF8.GetBytes(content), TextFileFormat.Csv, "d.csv"));
        Assert.StartsWith("d.csv:", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Theory]
    [InlineData("text", "text")]
    [InlineData("text", "TEXT")]
    public void One_column_for_text_and_label_is_refused(string text, string label)
    {
        var e = Assert.ThrowsAny<ElmanException>(() => Parse("text,label\na,b\n", TextFileFormat.Csv, text: text, label: label));
        Assert.Contains("two different columns", e.Message);
    }

    [Fact]
    public void A_header_matched_case_insensitively_to_both_options_is_refused()
    {
        // "Text" is found for --text-column Text; "text" falls back to it too.
        var e = Assert.ThrowsAny<ElmanException>(() => LabelledTextReader.Parse(Encoding.UTF8.GetBytes("Text,other\na,b\n"), TextFileFormat.Csv, "d.csv", "Text", "tExt"));
        Assert.Contains("two different columns", e.Message);
    }

    [Fact]
    public void A_missing_column_names_no_command_line_option()
    {
        // The library serves predict (no --label-column) and other front ends: it names the file and columns only.
        var e = Assert.Throws<DataFormatException>(() => LabelledTextReader.Parse(Encoding.UTF8.GetBytes("text,label\na,b\n"), TextFileFormat.Csv, "d.csv", "nope", null));
        Assert.Contains("no column 'nope'", e.Message);
        Assert.DoesNotContain("--", e.Message);
    }
}
