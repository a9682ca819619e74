using System.Text;
using Elman.Data.Text;

namespace Elman.Tests.Reliability;

/// <summary>Mutated CSV and JSONL files through the labelled-text reader: each parses, or fails with a one-line <see cref="ElmanException"/> naming the file.</summary>
public class TextFileFuzzTests
{
    const int Cases = 5_000;

    static byte[] Csv() => Encoding.UTF8.GetBytes(string.Join("\n", new[] { "id,text,label" }
        .Concat(Enumerable.Range(0, 12).Select(i => $"{i},\"row {i}, with \"\"quotes\"\" and\na newline\",{(i % 3 == 0 ? "spam" : "ham")}"))) + "\n");

    static byte[] JsonLines() => Encoding.UTF8.GetBytes(string.Join("\n",
        Enumerable.Range(0, 12).Select(i => $"{{\"text\": \"row {i} \\u00e9 \\\"q\\\"\", \"label\": \"{(i % 3 == 0 ? "spam" : "ham")}\", \"n\": {i}}}")) + "\n");

    [Theory]
    [InlineData(TextFileFormat.Csv, 31UL)]
    [InlineData(TextFileFormat.JsonLines, 32UL)]
    public void Mutated_files_parse_or_fail_with_a_one_line_elman_exception(TextFileFormat format, ulong seed)
    {
        var valid = format == TextFileFormat.Csv ? Csv() : JsonLines();
        var donor = format == TextFileFormat.Csv ? JsonLines() : Csv();
        var mutator = new Mutator(seed);
        int parsed = 0;
        for (int i = 0; i < Cases; i++)
        {
            var bytes = mutator.Mutate(valid, donor);
            foreach (bool skip in new[] { false, true })
            {
                try
                {
                    var file = LabelledTextReader.Parse(bytes, format, "fuzz.data", "text", "label", skipBadRows: skip);
                    Assert.NotEmpty(file.Rows);
                    parsed++;
                }
                catch (ElmanException e)
                {
                    Assert.False(e.Message.Contains('\n'), $"case {i}: multi-line message: {e.Message}");
                    Assert.StartsWith("fuzz.data", e.Message);
                }
                catch (Exception e)
                {
                    Assert.Fail($"case {i} (seed {seed}, skip {skip}): {e.GetType().Name}: {e.Message} {e.StackTrace?.Split('\n').FirstOrDefault()}");
                }
            }
        }
        Assert.InRange(parsed, 1, 2 * Cases - 1);
    }
}
