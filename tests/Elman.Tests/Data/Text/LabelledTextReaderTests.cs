using System.Text;
using Elman.Data.Text;

namespace Elman.Tests.Data.Text;

public class LabelledTextReaderTests
{
    static LabelledTextFile Parse(string content, TextFileFormat format, bool skip = false, string text = "text", string? label = "label")
        => LabelledTextReader.Parse(Encoding.UTF8.GetBytes(content), format, "d.csv", text, label, skip);

    static string Rows(LabelledTextFile file) => string.Join(" | ", file.Rows.Select(r => $"{r.Text}={r.Label}"));

    // Well-formed files: content → "text=label | …".
    public static TheoryData<string, TextFileFormat, string> WellFormed() => new()
    {
        { "text,label\nhello,a\nworld,b\n", TextFileFormat.Csv, "hello=a | world=b" },
        { "label,text\r\na,hello\r\nb,world", TextFileFormat.Csv, "hello=a | world=b" },                       // CRLF, no final newline, any column order
        { "\uFEFFtext,label\nhi,x\ny,z\n", TextFileFormat.Csv, "hi=x | y=z" },                                  // BOM
        { "text,label\n\n\"a, b\",x\n   \n\"say \"\"hi\"\"\",y\n", TextFileFormat.Csv, "a, b=x | say \"hi\"=y" }, // quotes, empty lines
        { "text,label\n\"line 1\nline 2\",x\nnext,y\n", TextFileFormat.Csv, "line 1\nline 2=x | next=y" },   // embedded newline
        { "id,text,label\n1,5\" screen,x\n", TextFileFormat.Csv, "5\" screen=x" },                             // a quote inside an unquoted field
        { "Text,Label\nhi,x\n", TextFileFormat.Csv, "hi=x" },                                                   // header case
        { "text\tlabel\nhello, there\tpositive\n", TextFileFormat.Tsv, "hello, there=positive" },
        { "{\"text\":\"hi\",\"label\":\"x\"}\n\n{\"label\":3,\"text\":\"yo\\nthere\"}\n{\"text\":\"t\",\"label\":true}", TextFileFormat.JsonLines, "hi=x | yo\nthere=3 | t=true" },
        { "a\n\nb c\n", TextFileFormat.Lines, "a= | b c=" },
    };

    [Theory]
    [MemberData(nameof(WellFormed))]
    public void Reads_well_formed_files(string content, TextFileFormat format, string expected)
        => Assert.Equal(expected, Rows(Parse(content, format, label: format == TextFileFormat.Lines ? null : "label")));

    // Malformed rows: content → the expected "d.csv:line:column: …" prefix and a word of the problem.
    public static TheoryData<string, TextFileFormat, string, string> Malformed() => new()
    {
        { "text,label\nok,a\nx,y,z\n", TextFileFormat.Csv, "d.csv:3:5:", "3 fields, expected 2" },
        { "text,label\nok,a\nonly\n", TextFileFormat.Csv, "d.csv:3:5:", "1 fields, expected 2" },
        { "text,label\nok,a\n\"open,a\nmore\n", TextFileFormat.Csv, "d.csv:3:1:", "never closed" },
        { "text,label\n\"ab\"c,a\n", TextFileFormat.Csv, "d.csv:2:5:", "after the closing quote" },
        { "text,label\nok,\n", TextFileFormat.Csv, "d.csv:2:4:", "empty label" },
        { "text,label\n  ,a\n", TextFileFormat.Csv, "d.csv:2:1:", "empty text" },
        { "text\tlabel\nx\ty\tz\n", TextFileFormat.Tsv, "d.csv:2:5:", "3 fields" },
        { "{\"text\":\"a\",\"label\":\"b\"}\n{\"text\": \"a\", \"label\" 1}\n", TextFileFormat.JsonLines, "d.csv:2:23:", "invalid JSON" },
        { "{\"text\":\"a\"}\n", TextFileFormat.JsonLines, "d.csv:1:1:", "'label' is missing" },
        { "{\"text\":5,\"label\":\"b\"}\n", TextFileFormat.JsonLines, "d.csv:1:1:", "'text' is a number" },
        { "{\"text\":\"a\",\"label\":null}\n", TextFileFormat.JsonLines, "d.csv:1:1:", "null" },
        { "[1,2]\n", TextFileFormat.JsonLines, "d.csv:1:1:", "an array" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_row_is_an_error_naming_file_line_and_column(string content, TextFileFormat format, string location, string problem)
    {
        var e = Assert.Throws<DataFormatException>(() => Parse(content, format));
        Assert.StartsWith(location, e.Message);
        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Skipping_bad_rows_counts_them_and_keeps_the_rest(string content, TextFileFormat format, string location, string problem)
    {
        string good = format == TextFileFormat.JsonLines ? "{\"text\":\"fine\",\"label\":\"z\"}\n" : format == TextFileFormat.Tsv ? "fine\tz\n" : "fine,z\n";
        var file = Parse(content + (content.EndsWith('\n') ? "" : "\n") + good, format, skip: true);
        Assert.True(file.Skipped >= 1);
        // An unclosed quote swallows the rest of the file: nothing after it can be told apart from the field.
        Assert.Equal(problem == "never closed" ? "ok=a" : "fine=z", file.Rows[^1].Text + "=" + file.Rows[^1].Label);
        Assert.StartsWith(location, file.FirstProblem!.Message);
        Assert.Contains(problem, file.FirstProblem.Message);
    }

    [Fact]
    public void Invalid_utf8_names_line_and_column_or_skips_only_its_row()
    {
        var bytes = Encoding.UTF8.GetBytes("text,label\nok,a\nb").Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes("d,x\nfine,z\n")).ToArray();
        var e = Assert.Throws<DataFormatException>(() => LabelledTextReader.Parse(bytes, TextFileFormat.Csv, "d.csv"));
        Assert.StartsWith("d.csv:3:2: invalid UTF-8", e.Message);
        var file = LabelledTextReader.Parse(bytes, TextFileFormat.Csv, "d.csv", skipBadRows: true);
        Assert.Equal((1, "ok=a | fine=z"), (file.Skipped, Rows(file)));
    }

    [Theory]
    [InlineData("body,label\nx,y\n", "no column 'text'")]
    [InlineData("text,label\n", "no data rows")]
    [InlineData("", "no data rows")]
    public void Files_without_the_columns_or_rows_are_refused(string content, string mention)
    {
        var e = Assert.ThrowsAny<ElmanException>(() => Parse(content, TextFileFormat.Csv, skip: true));
        Assert.Contains("d.csv", e.Message);
        Assert.Contains(mention, e.Message);
    }

    [Fact]
    public void Other_columns_can_be_chosen()
        => Assert.Equal("hi=pos", Rows(Parse("id,review,sentiment\n1,hi,pos\n", TextFileFormat.Csv, text: "review", label: "sentiment")));

    [Theory]
    [InlineData("a.csv", TextFileFormat.Csv)]
    [InlineData("a.TSV", TextFileFormat.Tsv)]
    [InlineData("a.jsonl", TextFileFormat.JsonLines)]
    [InlineData("a.ndjson", TextFileFormat.JsonLines)]
    [InlineData("a.txt", TextFileFormat.Lines)]
    public void Format_follows_the_extension(string path, TextFileFormat format) => Assert.Equal(format, LabelledTextReader.FormatOf(path));
}
