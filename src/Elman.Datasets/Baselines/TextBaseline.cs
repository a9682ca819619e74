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

    /// <summary>The C values <see cref="EvaluateLogistic"/> tries on the validation split.</summary>
    public static IReadOnlyList<double> LogisticGrid { get; } = [0.1, 1, 10, 100];

    /// <summary>
    /// The baseline a careful user would tune: L2 logistic regression on the same n-grams (<see cref="LogisticRegression"/>),
    /// C chosen on the validation split from <see cref="LogisticGrid"/> (1 when it is empty), reported on the test split;
    /// null when the test split is empty.
    /// </summary>
    public static (ClassificationReport Report, double C)? EvaluateLogistic(TextDatasets data)
    {
        if (data.Split.Test.Length == 0) return null;
        var kind = data.Encoder.Tokenizer.Kind;
        IReadOnlyList<string>[] Docs(int[] rows) => rows.Select(i => (IReadOnlyList<string>)Features(data.Tokens[i], kind)).ToArray();
        int[] Labels(int[] rows) => rows.Select(i => data.Labels[i]).ToArray();
        var model = data.Split.Validation.Length == 0
            ? LogisticRegression.Fit(Docs(data.Split.Train), Labels(data.Split.Train), data.ClassNames.Count, 1)
            : LogisticRegression.FitWithValidation(Docs(data.Split.Train), Labels(data.Split.Train), Docs(data.Split.Validation), Labels(data.Split.Validation), data.ClassNames.Count, LogisticGrid);
        var predicted = Docs(data.Split.Test).Select(model.Predict).ToArray();
        return (ClassificationReport.FromConfusion(ClassificationReport.Confusion(Labels(data.Split.Test), predicted, data.ClassNames.Count)), model.C);
    }

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
