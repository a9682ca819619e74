namespace Elman.Data;

/// <summary>
/// Labelled sequences held in memory, padded to a common length S: dense features [N, S, D] or token
/// ids [N, S], the valid length of each and a class label (or, for regression, a real target). Built-in tasks and loaders produce one;
/// <see cref="BatchBuffer"/> gathers batches from it.
/// </summary>
public sealed class SequenceDataset
{
    SequenceDataset(int count, int steps, int inputSize, float[]? x, int[]? tokens, int[] lengths, int[] labels, float[]? targets, int numClasses, IReadOnlyList<string> classNames)
    {
        if (lengths.Length != count || (targets is null ? labels.Length : targets.Length) != count)
            throw new ArgumentException("lengths and labels (or targets) must have one entry per sequence");
        if (classNames.Count != numClasses) throw new ArgumentException("one class name per class is required", nameof(classNames));
        Count = count;
        Steps = steps;
        InputSize = inputSize;
        X = x;
        Tokens = tokens;
        Lengths = lengths;
        Labels = labels;
        Targets = targets;
        NumClasses = numClasses;
        ClassNames = classNames;
    }

    /// <summary>A dataset of dense sequences x [N, S, D].</summary>
    public static SequenceDataset Dense(float[] x, int count, int steps, int inputSize, int[] lengths, int[] labels, IReadOnlyList<string> classNames)
    {
        if (x.Length != checked(count * steps * inputSize)) throw new ArgumentException($"x has {x.Length} values, expected N·S·D = {count}·{steps}·{inputSize}", nameof(x));
        return new(count, steps, inputSize, x, null, lengths, labels, null, classNames.Count, classNames);
    }

    /// <summary>A dataset of dense sequences x [N, S, D] with one real target each, for a regression head.</summary>
    public static SequenceDataset DenseRegression(float[] x, int count, int steps, int inputSize, int[] lengths, float[] targets)
    {
        if (x.Length != checked(count * steps * inputSize)) throw new ArgumentException($"x has {x.Length} values, expected N·S·D = {count}·{steps}·{inputSize}", nameof(x));
        return new(count, steps, inputSize, x, null, lengths, [], targets, 1, ["target"]);
    }

    /// <summary>A dataset of token sequences [N, S] (0 = padding).</summary>
    public static SequenceDataset FromTokens(int[] tokens, int count, int steps, int[] lengths, int[] labels, IReadOnlyList<string> classNames)
    {
        if (tokens.Length != checked(count * steps)) throw new ArgumentException($"tokens has {tokens.Length} values, expected N·S = {count}·{steps}", nameof(tokens));
        return new(count, steps, 0, null, tokens, lengths, labels, null, classNames.Count, classNames);
    }

    /// <summary>N: the number of sequences.</summary>
    public int Count { get; }
    /// <summary>S: the padded length.</summary>
    public int Steps { get; }
    /// <summary>D of dense sequences; 0 for tokens.</summary>
    public int InputSize { get; }
    /// <summary>Dense features [N, S, D], or null.</summary>
    public float[]? X { get; }
    /// <summary>Token ids [N, S], or null.</summary>
    public int[]? Tokens { get; }
    /// <summary>Valid lengths [N].</summary>
    public int[] Lengths { get; }
    /// <summary>Class labels [N]; empty for regression.</summary>
    public int[] Labels { get; }
    /// <summary>Regression targets [N], or null for classification.</summary>
    public float[]? Targets { get; }
    /// <summary>Whether the dataset has real targets rather than class labels.</summary>
    public bool IsRegression => Targets is not null;
    /// <summary>C: the number of classes.</summary>
    public int NumClasses { get; }
    /// <summary>A display name for every class.</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>Whether the sequences are token ids.</summary>
    public bool IsTokens => Tokens is not null;
}
