using System.Numerics;
using Elman.Model;

namespace Elman.Data;

/// <summary>
/// A padded, batch-first batch of sequences: dense inputs x [B, S, D] or token ids [B, S], the valid
/// length of every sequence (1 ≤ lengths[b] ≤ S) and, for training, one class label per sequence
/// (classification) or one real target (regression).
/// Values at steps t ≥ lengths[b] are padding: they never change the loss or a gradient.
/// </summary>
public readonly struct SequenceBatch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    SequenceBatch(int batchSize, int steps, int inputSize, ReadOnlyMemory<T> x, ReadOnlyMemory<int> tokens, ReadOnlyMemory<int> lengths, ReadOnlyMemory<int> labels, ReadOnlyMemory<T> targets)
    {
        Targets = targets;
        BatchSize = batchSize;
        Steps = steps;
        InputSize = inputSize;
        X = x;
        Tokens = tokens;
        Lengths = lengths;
        Labels = labels;
    }

    /// <summary>A batch of dense inputs x [B, S, D] (at least B·S·D values are read).</summary>
    public static SequenceBatch<T> Dense(ReadOnlyMemory<T> x, int batchSize, int steps, int inputSize, ReadOnlyMemory<int> lengths, ReadOnlyMemory<int> labels = default, ReadOnlyMemory<T> targets = default)
        => new(batchSize, steps, inputSize, x, default, lengths, labels, targets);

    /// <summary>A batch of token ids [B, S] for a model with an embedding.</summary>
    public static SequenceBatch<T> FromTokens(ReadOnlyMemory<int> tokens, int batchSize, int steps, ReadOnlyMemory<int> lengths, ReadOnlyMemory<int> labels = default, ReadOnlyMemory<T> targets = default)
        => new(batchSize, steps, 0, default, tokens, lengths, labels, targets);

    /// <summary>B: the number of sequences.</summary>
    public int BatchSize { get; }
    /// <summary>S: the padded length; every row of x or tokens has S steps.</summary>
    public int Steps { get; }
    /// <summary>D for dense inputs; 0 for token batches.</summary>
    public int InputSize { get; }
    /// <summary>Dense inputs [B, S, D], batch-first; empty for token batches.</summary>
    public ReadOnlyMemory<T> X { get; }
    /// <summary>Token ids [B, S]; empty for dense batches.</summary>
    public ReadOnlyMemory<int> Tokens { get; }
    /// <summary>Valid lengths [B].</summary>
    public ReadOnlyMemory<int> Lengths { get; }
    /// <summary>Class labels [B]; empty when only predicting or for regression.</summary>
    public ReadOnlyMemory<int> Labels { get; }
    /// <summary>Regression targets [B]; empty when only predicting or for classification.</summary>
    public ReadOnlyMemory<T> Targets { get; }
    /// <summary>Whether the batch carries regression targets.</summary>
    public bool HasTargets => !Targets.IsEmpty;
    /// <summary>Whether the batch holds token ids rather than dense vectors.</summary>
    public bool IsTokens => X.IsEmpty && !Tokens.IsEmpty;
    /// <summary>Whether the batch carries labels.</summary>
    public bool HasLabels => !Labels.IsEmpty;

    /// <summary>The longest valid length in the batch: steps past it are never computed.</summary>
    public int MaxLength()
    {
        int max = 0;
        foreach (int l in Lengths.Span) max = Math.Max(max, l);
        return max;
    }

    /// <summary>
    /// Checks the batch against a model: input kind and width, lengths in [1, S], labels in [0, C),
    /// token ids in [0, V). Throws <see cref="ElmanException"/> naming <paramref name="source"/>, the
    /// field and the first offending index.
    /// </summary>
    public void Validate(RnnConfig config, string source = "batch")
    {
        if (BatchSize < 1) throw new ElmanException($"{source}: empty batch (B = {BatchSize})");
        if (Steps < 1) throw new ElmanException($"{source}: sequences have {Steps} steps, expected ≥ 1");
        if (Lengths.Length != BatchSize) throw new ElmanException($"{source}: 'lengths' has {Lengths.Length} entries, expected B = {BatchSize}");
        if (config.HasEmbedding)
        {
            if (!IsTokens) throw new ElmanException($"{source}: the model has an embedding (vocab_size {config.VocabSize}) and expects 'tokens', got dense 'x'");
            if (Tokens.Length < (long)BatchSize * Steps) throw new ElmanException($"{source}: 'tokens' has {Tokens.Length} values, expected B·T = {BatchSize}·{Steps}");
            var tokens = Tokens.Span;
            for (int i = 0; i < BatchSize * Steps; i++)
                if ((uint)tokens[i] >= (uint)config.VocabSize)
                    throw new ElmanException($"{source}: 'tokens'[{i / Steps}, {i % Steps}] = {tokens[i]}, expected 0 ≤ id < vocab_size {config.VocabSize}");
        }
        else
        {
            if (IsTokens || X.IsEmpty) throw new ElmanException($"{source}: the model takes dense inputs 'x' [B, T, {config.InputSize}], got token ids");
            if (InputSize != config.InputSize) throw new ElmanException($"{source}: 'x' has D = {InputSize} features, expected input_size {config.InputSize}");
            if (X.Length < (long)BatchSize * Steps * InputSize) throw new ElmanException($"{source}: 'x' has {X.Length} values, expected B·T·D = {BatchSize}·{Steps}·{InputSize}");
        }
        var lengths = Lengths.Span;
        for (int b = 0; b < BatchSize; b++)
            if (lengths[b] < 1 || lengths[b] > Steps)
                throw new ElmanException($"{source}: 'lengths'[{b}] = {lengths[b]}, expected 1 ≤ length ≤ T = {Steps}");
        if (config.IsRegression && HasLabels)
            throw new ElmanException($"{source}: the model has a regression head and takes real targets 'y' (F32 [B]), got class labels");
        if (!config.IsRegression && HasTargets)
            throw new ElmanException($"{source}: the model is a classifier and takes class labels 'y' (I64 [B]), got real targets");
        if (HasTargets)
        {
            if (Targets.Length != BatchSize) throw new ElmanException($"{source}: 'y' has {Targets.Length} targets, expected B = {BatchSize}");
            var targets = Targets.Span;
            for (int b = 0; b < BatchSize; b++)
                if (!T.IsFinite(targets[b])) throw new ElmanException($"{source}: 'y'[{b}] = {targets[b]}, expected a finite target");
        }
        if (HasLabels)
        {
            if (Labels.Length != BatchSize) throw new ElmanException($"{source}: 'y' has {Labels.Length} labels, expected B = {BatchSize}");
            var labels = Labels.Span;
            for (int b = 0; b < BatchSize; b++)
                if ((uint)labels[b] >= (uint)config.NumClasses)
                    throw new ElmanException($"{source}: 'y'[{b}] = {labels[b]}, expected 0 ≤ label < num_classes {config.NumClasses}");
        }
    }
}
