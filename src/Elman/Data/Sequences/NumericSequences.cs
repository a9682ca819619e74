using System.Globalization;
using Elman.Data.Text;

namespace Elman.Data.Sequences;

/// <summary>
/// Numeric sequences read from a file: x [N, T, D] (row-major, one allocation), the valid length of every
/// sequence (1 ≤ lengths[n] ≤ T; steps past it are padding and hold zeros) and one class label each, with
/// the class names. Every value at a valid step is finite. Inputs to predict on may come without labels:
/// then <see cref="Labels"/> and <see cref="ClassNames"/> are empty (<see cref="HasLabels"/> is false).
/// </summary>
/// <example><code>
/// <![CDATA[var data = NumericSequenceFile.Read("walks.npz");   // x [N, T, D], y [N]
/// var split = data.Split(SplitFractions.Default, seed: 0);
/// var train = data.ToDataset(split.Train);]]>
/// </code></example>
public sealed class NumericSequences
{
    /// <summary>
    /// Takes ownership of <paramref name="x"/>: padding steps are set to zero here, so a reader may leave
    /// anything (e.g. NaN) there. Empty <paramref name="labels"/> and <paramref name="classNames"/> make an
    /// unlabelled set.
    /// </summary>
    /// <exception cref="ElmanException">Sizes disagree, a length is out of [1, T], a label out of [0, C), a class name repeats, or a value at a valid step is not finite.</exception>
    public NumericSequences(string source, float[] x, int count, int steps, int features, int[] lengths, int[] labels, IReadOnlyList<string> classNames)
    {
        if (count < 1) throw new ElmanException($"{source}: no sequences (N = {count})");
        if (steps < 1 || features < 1) throw new ElmanException($"{source}: x has shape [{count}, {steps}, {features}], expected T ≥ 1 steps of D ≥ 1 features");
        if (x.LongLength != (long)count * steps * features) throw new ElmanException($"{source}: x has {x.LongLength} values, expected N·T·D = {count}·{steps}·{features}");
        if (lengths.Length != count) throw new ElmanException($"{source}: lengths has {lengths.Length} entries, expected N = {count}");
        if (labels.Length != count && !(labels.Length == 0 && classNames.Count == 0)) throw new ElmanException($"{source}: y has {labels.Length} labels, expected N = {count} (one per sequence)");
        if (classNames.Distinct(StringComparer.Ordinal).Count() != classNames.Count) throw new ElmanException($"{source}: class names repeat ({string.Join(", ", classNames)})");
        for (int n = 0; n < count; n++)
        {
            if (lengths[n] < 1 || lengths[n] > steps) throw new ElmanException($"{source}: lengths[{n}] = {lengths[n]}, expected 1 ≤ length ≤ T = {steps}");
            if (labels.Length > 0 && (uint)labels[n] >= (uint)classNames.Count) throw new ElmanException($"{source}: y[{n}] = {labels[n]}, expected a class index in [0, {classNames.Count})");
        }
        Source = source;
        X = x;
        Count = count;
        Steps = steps;
        Features = features;
        Lengths = lengths;
        Labels = labels;
        ClassNames = classNames;
        ZeroPaddingAndCheckFinite();
    }

    /// <summary>The file the sequences came from, as named in messages.</summary>
    public string Source { get; }
    /// <summary>Values [N, T, D]; zero at padding steps.</summary>
    public float[] X { get; }
    /// <summary>N: the number of sequences.</summary>
    public int Count { get; }
    /// <summary>T: the padded length.</summary>
    public int Steps { get; }
    /// <summary>D: features per step.</summary>
    public int Features { get; }
    /// <summary>Valid lengths [N], each in [1, T].</summary>
    public int[] Lengths { get; }
    /// <summary>Class indices [N], each in [0, C); empty without labels.</summary>
    public int[] Labels { get; }
    /// <summary>C names, index = class; empty without labels.</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>C: the number of classes.</summary>
    public int NumClasses => ClassNames.Count;

    /// <summary>Whether every sequence has a class label (training and evaluation need them; prediction does not).</summary>
    public bool HasLabels => Labels.Length > 0;

    /// <summary>All sequences as a dataset for training or evaluation (shares <see cref="X"/>, no copy).</summary>
    /// <exception cref="ElmanException">The sequences have no labels.</exception>
    public SequenceDataset ToDataset()
    {
        RequireLabels();
        return SequenceDataset.Dense(X, Count, Steps, Features, Lengths, Labels, ClassNames);
    }

    /// <summary>All sequences as one batch, with labels when there are any (shares <see cref="X"/>, no copy).</summary>
    public SequenceBatch<float> ToBatch() => SequenceBatch<float>.Dense(X, Count, Steps, Features, Lengths, HasLabels ? Labels : default);

    /// <summary>The sequences at <paramref name="indices"/>, in that order, as a dataset (copied).</summary>
    public SequenceDataset ToDataset(IReadOnlyList<int> indices) => Subset(indices).ToDataset();

    /// <summary>The sequences at <paramref name="indices"/>, in that order (copied; same T, D and classes).</summary>
    public NumericSequences Subset(IReadOnlyList<int> indices)
    {
        int stride = Steps * Features;
        var x = new float[checked(indices.Count * stride)];   // [n, T, D]
        var lengths = new int[indices.Count];
        var labels = new int[HasLabels ? indices.Count : 0];
        for (int i = 0; i < indices.Count; i++)
        {
            int n = indices[i];
            if ((uint)n >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), $"index {n} is outside [0, {Count})");
            Array.Copy(X, (long)n * stride, x, (long)i * stride, stride);
            lengths[i] = Lengths[n];
            if (HasLabels) labels[i] = Labels[n];
        }
        return new NumericSequences(Source, x, indices.Count, Steps, Features, lengths, labels, ClassNames);
    }

    /// <summary>The stratified split by <paramref name="seed"/> used for text data (<see cref="DatasetSplit.Stratified"/>).</summary>
    /// <exception cref="ElmanException">The sequences have no labels.</exception>
    public DatasetSplit Split(SplitFractions fractions, ulong seed)
    {
        RequireLabels();
        return DatasetSplit.Stratified(Labels, fractions, seed);
    }

    /// <summary>
    /// The same sequences labelled against <paramref name="classNames"/> (e.g. a model's or the union of a
    /// training and a test file's, <see cref="MergeClassNames"/>); x is shared, not copied.
    /// </summary>
    /// <exception cref="ElmanException">A label of this set is not among <paramref name="classNames"/>.</exception>
    public NumericSequences WithClasses(IReadOnlyList<string> classNames)
    {
        RequireLabels();
        if (classNames.SequenceEqual(ClassNames, StringComparer.Ordinal)) return this;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < classNames.Count; c++) index.TryAdd(classNames[c], c);
        var labels = new int[Count];
        for (int n = 0; n < Count; n++)
        {
            string name = ClassNames[Labels[n]];
            if (!index.TryGetValue(name, out labels[n]))
                throw new ElmanException($"{Source}: y[{n}] is class '{name}', which is not one of the {classNames.Count} expected classes ({string.Join(", ", classNames.Take(20))})");
        }
        return new NumericSequences(Source, X, Count, Steps, Features, Lengths, labels, classNames);
    }

    /// <summary>Every class of every set, ordered as <see cref="ClassLabels.Order"/> orders them.</summary>
    public static string[] MergeClassNames(params IReadOnlyList<NumericSequences> sets) => ClassLabels.Order(sets.SelectMany(s => s.ClassNames));

    void RequireLabels()
    {
        if (!HasLabels) throw new ElmanException($"{Source}: the sequences have no class labels ('y'), which training and evaluation need");
    }

    /// <inheritdoc/>
    public override string ToString() => $"NumericSequences({Source}: N={Count}, T={Steps}, D={Features}, C={NumClasses})";

    // Padding must not leak into a model (it is never read by a correct one, but zeros keep files and
    // norms comparable); every valid value must be a number.
    void ZeroPaddingAndCheckFinite()
    {
        int stride = Steps * Features;
        for (int n = 0; n < Count; n++)
        {
            var row = X.AsSpan(n * stride, stride);   // [T, D]
            int valid = Lengths[n] * Features;
            row[valid..].Clear();
            for (int i = 0; i < valid; i++)
                if (!float.IsFinite(row[i]))
                    throw new ElmanException(string.Create(CultureInfo.InvariantCulture, $"{Source}: x[{n}, {i / Features}, {i % Features}] is {row[i]}, expected finite values"));
        }
    }
}
