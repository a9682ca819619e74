namespace Elman.Training;

/// <summary>How the training loss weighs the classes (<see cref="TrainingOptions.ClassWeight"/>).</summary>
public enum ClassWeighting
{
    /// <summary>Every example counts the same: the plain mean cross-entropy, unless <see cref="TrainingOptions.ClassWeights"/> gives weights.</summary>
    None,

    /// <summary>
    /// scikit-learn's <c>class_weight="balanced"</c>: w_c = N / (C · n_c) from the training split's class counts, given to the
    /// loss as PyTorch's <c>CrossEntropyLoss(weight=w)</c> (see <see cref="BalancedClassWeights"/>).
    /// </summary>
    Balanced,
}

/// <summary>scikit-learn's "balanced" class weights, computed from labels.</summary>
public static class BalancedClassWeights
{
    /// <summary>
    /// w_c = N / (C · n_c) for the N <paramref name="labels"/> in [0, <paramref name="classes"/>), n_c of them of class c:
    /// scikit-learn's <c>compute_class_weight("balanced", classes=range(C), y=labels)</c>, so every class present weighs
    /// N / C in total (n_c w_c), however rare. A class without examples gets w_c = 0 where scikit-learn raises: its weight can never
    /// multiply a training example, and PyTorch's <c>CrossEntropyLoss</c> accepts a zero weight.
    /// </summary>
    /// <exception cref="ArgumentException">No labels, or a label outside [0, classes).</exception>
    public static double[] From(ReadOnlySpan<int> labels, int classes)
    {
        if (labels.IsEmpty) throw new ArgumentException("balanced class weights need at least one label", nameof(labels));
        var counts = new long[classes];
        foreach (int y in labels)
        {
            if ((uint)y >= (uint)classes) throw new ArgumentException($"label {y} lies outside [0, {classes})", nameof(labels));
            counts[y]++;
        }
        var weights = new double[classes];
        for (int c = 0; c < classes; c++)
            weights[c] = counts[c] == 0 ? 0 : (double)labels.Length / ((double)classes * counts[c]);
        return weights;
    }
}
