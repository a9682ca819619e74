namespace Elman.Data;

/// <summary>
/// Reusable storage for one batch gathered from a <see cref="SequenceDataset"/>: filling it allocates
/// nothing, so a training loop reuses one buffer for every step.
/// </summary>
public sealed class BatchBuffer
{
    readonly SequenceDataset _data;
    readonly float[] _x, _targets;
    readonly int[] _tokens, _lengths, _labels;

    /// <summary>A buffer for batches of up to <paramref name="capacity"/> sequences of <paramref name="data"/>.</summary>
    public BatchBuffer(SequenceDataset data, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _data = data;
        _x = data.IsTokens ? [] : new float[checked(capacity * data.Steps * data.InputSize)];
        _tokens = data.IsTokens ? new int[checked(capacity * data.Steps)] : [];
        _lengths = new int[capacity];
        _labels = new int[capacity];
        _targets = data.IsRegression ? new float[capacity] : [];
    }

    /// <summary>Copies the sequences at <paramref name="indices"/> into the buffer and returns them as a batch.</summary>
    public SequenceBatch<float> Fill(ReadOnlySpan<int> indices)
    {
        int n = indices.Length, s = _data.Steps, d = _data.InputSize;
        if (n > _lengths.Length) throw new ArgumentException($"batch of {n} exceeds the buffer's capacity {_lengths.Length}");
        for (int i = 0; i < n; i++)
        {
            int j = indices[i];
            _lengths[i] = _data.Lengths[j];
            if (_data.IsRegression) _targets[i] = _data.Targets![j];
            else _labels[i] = _data.Labels[j];
            if (_data.IsTokens) _data.Tokens.AsSpan(j * s, s).CopyTo(_tokens.AsSpan(i * s, s));
            else _data.X.AsSpan(j * s * d, s * d).CopyTo(_x.AsSpan(i * s * d, s * d));
        }
        var lengths = _lengths.AsMemory(0, n);
        var labels = _data.IsRegression ? default : _labels.AsMemory(0, n);
        var targets = _data.IsRegression ? _targets.AsMemory(0, n) : default;
        return _data.IsTokens
            ? SequenceBatch<float>.FromTokens(_tokens.AsMemory(0, n * s), n, s, lengths, labels, targets)
            : SequenceBatch<float>.Dense(_x.AsMemory(0, n * s * d), n, s, d, lengths, labels, targets);
    }
}
