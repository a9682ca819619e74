namespace Elman.Training;

/// <summary>Which validation number picks the kept epoch and drives early stopping (<see cref="TrainingOptions.SelectBy"/>).</summary>
public enum ValidationMetric
{
    /// <summary>The lowest validation loss (the training criterion, class weights included).</summary>
    Loss,
    /// <summary>The highest validation accuracy (classification heads only).</summary>
    Accuracy,
    /// <summary>The highest validation macro-F1, <see cref="ClassificationReport.MacroF1"/> (classification heads only).</summary>
    MacroF1,
}

/// <summary>Reading and comparing a <see cref="ValidationMetric"/>.</summary>
public static class ValidationMetrics
{
    /// <summary>The metric's value in <paramref name="result"/>.</summary>
    public static double ValueOf(this ValidationMetric metric, EvaluationResult result) => metric switch
    {
        ValidationMetric.Accuracy => result.Accuracy,
        ValidationMetric.MacroF1 => result.MacroF1,
        _ => result.Loss,
    };

    /// <summary>Whether the metric is better when lower (the loss) rather than higher (accuracy, macro-F1).</summary>
    public static bool LowerIsBetter(this ValidationMetric metric) => metric == ValidationMetric.Loss;

    /// <summary>The starting point every real value improves on: +∞ for the loss, -∞ for the others.</summary>
    public static double Worst(this ValidationMetric metric) => metric.LowerIsBetter() ? double.PositiveInfinity : double.NegativeInfinity;

    /// <summary>Whether <paramref name="value"/> is strictly better than <paramref name="best"/>; NaN never is (ties keep the earlier epoch).</summary>
    public static bool Improves(this ValidationMetric metric, double value, double best) => metric.LowerIsBetter() ? value < best : value > best;

    /// <summary>The metric's name in text: "loss", "accuracy" or "macro-F1".</summary>
    public static string Describe(this ValidationMetric metric) => metric switch
    {
        ValidationMetric.Accuracy => "accuracy",
        ValidationMetric.MacroF1 => "macro-F1",
        _ => "loss",
    };

    /// <summary>The metric as stored in a training state and in a run's JSON: "loss", "accuracy" or "macro-f1".</summary>
    public static string ToKey(this ValidationMetric metric) => metric switch
    {
        ValidationMetric.Accuracy => "accuracy",
        ValidationMetric.MacroF1 => "macro-f1",
        _ => "loss",
    };

    /// <summary>The metric of a key written by <see cref="ToKey"/>.</summary>
    public static ValidationMetric FromKey(string key) => key switch
    {
        "accuracy" => ValidationMetric.Accuracy,
        "macro-f1" => ValidationMetric.MacroF1,
        _ => ValidationMetric.Loss,
    };

    /// <summary>The keys <see cref="ToKey"/> writes.</summary>
    public static readonly string[] Keys = ["loss", "accuracy", "macro-f1"];
}
