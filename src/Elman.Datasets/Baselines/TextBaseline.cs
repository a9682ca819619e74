using Elman.Data.Text;
using Elman.Training;

namespace Elman.Baselines;

/// <summary>
/// The number a user compares an RNN to: multinomial naive Bayes (α = 1) on the same tokens and the
/// same split — character 1–4-grams with word boundaries for the char tokenizer, word unigrams for
/// the word tokenizer — trained on the training split, measured on the test split. It reads whole
/// texts (no truncation), so it is not handicapped by <c>--max-length</c>.
/// </summary>
public static class TextBaseline
{
    /// <summary>What the baseline is, for reports: e.g. "naive Bayes, char 1–4-grams".</summary>
    public static string Describe(TokenizerKind kind) => kind == TokenizerKind.Char ? "naive Bayes, char 1–4-grams" : "naive Bayes, word unigrams";

    /// <summary>The features the baseline reads from a text's tokens.</summary>
    public static List<string> Features(IReadOnlyList<string> tokens, TokenizerKind kind)
        => kind == TokenizerKind.Char ? NGrams.Extract(tokens, 1, 4, "", boundaries: true) : NGrams.Extract(tokens, 1, 1, " ", boundaries: false);

    /// <summary>Fits on <paramref name="data"/>'s training split and reports on its test split (null when the test split is empty).</summary>
    public static ClassificationReport? Evaluate(TextDatasets data)
    {
        if (data.Split.Test.Length == 0) return null;
        var kind = data.Encoder.Tokenizer.Kind;
        var train = data.Split.Train.Select(i => (IReadOnlyList<string>)Features(data.Tokens[i], kind)).ToArray();
        var model = NaiveBayes.Fit(train, data.Split.Train.Select(i => data.Labels[i]).ToArray(), data.ClassNames.Count);
        var predicted = data.Split.Test.Select(i => model.Predict(Features(data.Tokens[i], kind))).ToArray();
        var actual = data.Split.Test.Select(i => data.Labels[i]).ToArray();
        return ClassificationReport.FromConfusion(ClassificationReport.Confusion(actual, predicted, data.ClassNames.Count));
    }
}
