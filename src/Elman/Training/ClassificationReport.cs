namespace Elman.Training;

/// <summary>Precision, recall and F1 of one class.</summary>
/// <param name="Precision">Of the examples predicted as this class, the share that are (0 when none was predicted).</param>
/// <param name="Recall">Of the examples of this class, the share predicted as it (0 when there are none).</param>
/// <param name="F1">2PR / (P + R), 0 when both are 0.</param>
/// <param name="Support">Examples of this class.</param>
public readonly record struct ClassMetrics(double Precision, double Recall, double F1, int Support);

/// <summary>
/// Accuracy, macro-averaged F1 and per-class precision and recall from a confusion matrix
/// [true, predicted], with scikit-learn's conventions (<c>classification_report</c>, zero_division=0):
/// macro-F1 is the unweighted mean of the per-class F1 scores over all C classes, scikit-learn's
/// <c>f1_score(y, ŷ, labels=range(C), average="macro", zero_division=0)</c>. A class with neither examples nor
/// predictions therefore counts with F1 = 0; scikit-learn's default <c>labels=None</c> would leave it out of the mean.
/// It scores 0 whatever the model does, so it lowers every epoch's macro-F1 by the same factor and never changes which is best.
/// </summary>
public sealed record ClassificationReport(double Accuracy, double MacroF1, IReadOnlyList<ClassMetrics> Classes, int Count)
{
    /// <summary>The report of <paramref name="confusion"/>: counts [true class, predicted class].</summary>
    /// <exception cref="ArgumentException">Not square.</exception>
    public static ClassificationReport FromConfusion(int[,] confusion)
    {
        int c = confusion.GetLength(0);
        if (confusion.GetLength(1) != c) throw new ArgumentException("the confusion matrix must be square", nameof(confusion));
        int total = 0, correct = 0;
        var classes = new ClassMetrics[c];
        for (int k = 0; k < c; k++)
        {
            int truePositive = confusion[k, k], actual = 0, predicted = 0;
            for (int j = 0; j < c; j++)
            {
                actual += confusion[k, j];
                predicted += confusion[j, k];
            }
            total += actual;
            correct += truePositive;
            double precision = predicted == 0 ? 0 : (double)truePositive / predicted;
            double recall = actual == 0 ? 0 : (double)truePositive / actual;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            classes[k] = new ClassMetrics(precision, recall, f1, actual);
        }
        return new ClassificationReport(total == 0 ? 0 : (double)correct / total, c == 0 ? 0 : classes.Average(m => m.F1), classes, total);
    }

    /// <summary>The confusion matrix of <paramref name="predicted"/> against <paramref name="actual"/> over <paramref name="numClasses"/> classes.</summary>
    public static int[,] Confusion(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int numClasses)
    {
        if (actual.Count != predicted.Count) throw new ArgumentException("one prediction per example is required", nameof(predicted));
        var confusion = new int[numClasses, numClasses];
        for (int i = 0; i < actual.Count; i++) confusion[actual[i], predicted[i]]++;
        return confusion;
    }
}
