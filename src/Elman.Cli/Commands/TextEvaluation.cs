using Elman.Data.Text;
using Elman.Model;
using Elman.Training;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman eval</c> for text models: on a user's labelled file, or on the test split of the corpus the
/// model was trained on, recreated from the seed and split shares stored in the checkpoint.
/// </summary>
static class TextEvaluation
{
    public static int Run(TextClassifier classifier, IReadOnlyDictionary<string, string> metadata, string? dataPath, string textColumn, string labelColumn, bool skipBadRows)
    {
        var (examples, title) = dataPath is not null
            ? LabelledTexts.FromFile(dataPath, textColumn, labelColumn, skipBadRows)
            : LabelledTexts.TestSplit(metadata, corpusName: null);

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
