using System.Globalization;
using Elman.Data.Text;
using Elman.Datasets;
using Elman.Model;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>
/// Labelled texts a text model is evaluated or analysed on: a user's file, or the test split of a corpus recreated
/// from the seed and split shares stored in the model (the split <c>train</c> made).
/// </summary>
static class LabelledTexts
{
    /// <summary>The rows of <paramref name="path"/> (CSV, TSV or JSONL), and a title for reports.</summary>
    public static (IReadOnlyList<LabelledText> Examples, string Title) FromFile(string path, string textColumn, string labelColumn, bool skipBadRows)
    {
        var file = LabelledTextReader.Read(path, textColumn, labelColumn, skipBadRows);
        if (file.Skipped > 0) AnsiConsole.MarkupLine($"[yellow]skipped {file.Skipped:N0} malformed rows[/]; first: {Markup.Escape(file.FirstProblem!.Message)}");
        return (file.Rows, path);
    }

    /// <summary>The test split of <paramref name="corpusName"/> (default: the corpus the model was trained on), by the model's stored seed and split.</summary>
    public static (IReadOnlyList<LabelledText> Examples, string Title) TestSplit(IReadOnlyDictionary<string, string> metadata, string? corpusName)
    {
        string name = corpusName ?? metadata.GetValueOrDefault(MetadataKeys.Dataset) ?? "";
        var corpus = CorpusCatalog.All.FirstOrDefault(c => c.Name == name)
            ?? throw new ElmanException(corpusName is null
                ? $"the model was trained on '{name}', not a known corpus: give a labelled file with --data FILE"
                : $"unknown dataset '{name}', expected one of: {string.Join(", ", CorpusCatalog.All.Select(c => c.Name))}");
        ulong seed = ulong.TryParse(metadata.GetValueOrDefault(MetadataKeys.Seed), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var fractions = SplitFractions.Parse(metadata.GetValueOrDefault(MetadataKeys.Split) ?? "80/10/10", $"__metadata__ \"{MetadataKeys.Split}\"");
        var all = CorpusCatalog.Load(corpus, CorpusCache.Default(), NpmClient.Default(), message => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]"));
        var index = corpus.ClassNames.Select((n, c) => (n, c)).ToDictionary(p => p.n, p => p.c);
        var split = DatasetSplit.Of(all, all.Select(e => index[e.Label]).ToArray(), fractions, seed);
        return (split.Test.Select(i => all[i]).ToArray(), $"{corpus.Name} test split ({fractions}, seed {seed})");
    }
}
