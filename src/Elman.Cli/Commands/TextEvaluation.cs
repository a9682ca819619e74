using System.Globalization;
using Elman.Datasets;
using Elman.Data.Text;
using Elman.Model;
using Elman.Training;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman eval</c> for text models: on a user's labelled file, or on the test split of the corpus the
/// model was trained on, recreated from the seed and split shares stored in the checkpoint.
/// </summary>
static class TextEvaluation
{
    public static int Run(TextClassifier classifier, IReadOnlyDictionary<string, string> metadata, string? dataPath, string textColumn, string labelColumn, bool skipBadRows)
    {
        IReadOnlyList<LabelledText> examples;
        string title;
        if (dataPath is not null)
        {
            var file = LabelledTextReader.Read(dataPath, textColumn, labelColumn, skipBadRows);
            if (file.Skipped > 0) AnsiConsole.MarkupLine($"[yellow]skipped {file.Skipped:N0} malformed rows[/]; first: {Markup.Escape(file.FirstProblem!.Message)}");
            examples = file.Rows;
            title = dataPath;
        }
        else
        {
            string trainedOn = metadata.GetValueOrDefault(MetadataKeys.Dataset) ?? "";
            var corpus = CorpusCatalog.All.FirstOrDefault(c => c.Name == trainedOn)
                ?? throw new ElmanException($"the model was trained on '{trainedOn}', not a known corpus: evaluate it with --data FILE");
            ulong seed = ulong.TryParse(metadata.GetValueOrDefault(MetadataKeys.Seed), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0;
            var fractions = SplitFractions.Parse(metadata.GetValueOrDefault(MetadataKeys.Split) ?? "80/10/10", $"__metadata__ \"{MetadataKeys.Split}\"");
            var all = CorpusCatalog.Load(corpus, CorpusCache.Default(), NpmClient.Default(), message => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]"));
            var index = corpus.ClassNames.Select((name, c) => (name, c)).ToDictionary(p => p.name, p => p.c);
            var split = DatasetSplit.Stratified(all.Select(e => index[e.Label]).ToArray(), fractions, seed,
                all.Any(e => e.Group is not null) ? all.Select(e => e.Group).ToArray() : null);
            examples = split.Test.Select(i => all[i]).ToArray();
            title = $"{corpus.Name} test split ({fractions}, seed {seed})";
        }

        var classIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < classifier.ClassNames.Count; c++) classIndex[classifier.ClassNames[c]] = c;
        var labels = new int[examples.Count];
        for (int i = 0; i < examples.Count; i++)
            labels[i] = classIndex.TryGetValue(examples[i].Label, out int c) ? c
                : throw new ElmanException($"{title}: example {i + 1} has label '{examples[i].Label}', which the model does not know (its classes: {string.Join(", ", classifier.ClassNames)})");
        var sequences = examples.Select(e => classifier.Encoder.Encode(e.Text)).ToArray();
        var order = Enumerable.Range(0, sequences.Length).OrderBy(i => sequences[i].Length).ToArray();   // little padding per batch
        var dataset = classifier.Encoder.EncodeDataset(order.Select(i => sequences[i]).ToArray(), order.Select(i => labels[i]).ToArray(), classifier.ClassNames);
        var result = EvaluationResult.Evaluate(classifier.Model, dataset);
        Reports.PrintEvaluation(title, result, classifier.ClassNames);
        Reports.PrintClassification(ClassificationReport.FromConfusion(result.Confusion), classifier.ClassNames, baseline: null);
        return CommandRunner.Ok;
    }
}
