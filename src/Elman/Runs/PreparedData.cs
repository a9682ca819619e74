using Elman.Data;
using Elman.Data.Text;
using Elman.Model;

namespace Elman.Runs;

/// <summary>
/// A run's data made ready: the three splits as sequences, the network's input side (vocabulary or feature
/// width, outputs, head) and what the saved model must carry to read new inputs (its metadata).
/// </summary>
public sealed class PreparedData
{
    /// <summary>Training sequences of epoch <c>e</c> (1-based): fixed data, or a fresh draw (token dropout) per epoch and member seed.</summary>
    public required Func<ulong, Func<int, SequenceDataset>> TrainingEpochs { get; init; }
    /// <summary>Training sequences as stored (before token dropout).</summary>
    public required SequenceDataset Train { get; init; }
    /// <summary>Validation sequences; null when the split left none (no early stopping).</summary>
    public required SequenceDataset? Validation { get; init; }
    /// <summary>Test sequences (may be empty).</summary>
    public required SequenceDataset Test { get; init; }
    /// <summary>Class names by index (one "target" for regression).</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }
    /// <summary>Embedding rows (0 for vector data).</summary>
    public required int VocabSize { get; init; }
    /// <summary>Input width D: the embedding width, or the feature count.</summary>
    public required int InputSize { get; init; }
    /// <summary>Outputs: the number of classes, or 1 for regression.</summary>
    public required int Outputs { get; init; }
    /// <summary>Classification or regression.</summary>
    public required OutputHead Head { get; init; }
    /// <summary>The longest sequence a training batch can hold (for the memory estimate).</summary>
    public required int MaxSteps { get; init; }
    /// <summary>Batches of similar lengths (text) rather than a plain shuffle.</summary>
    public required bool BucketByLength { get; init; }
    /// <summary>What the saved model's <c>__metadata__</c> carries besides the config (task, vocabulary, split, class names, …).</summary>
    public required IReadOnlyDictionary<string, string> ModelMetadata { get; init; }
    /// <summary>Text runs: the split, tokens and encoder (for reports and baselines); null for vector data.</summary>
    public TextDatasets? Text { get; init; }
    /// <summary>Text runs read from a file: rows skipped as malformed, and the first problem; 0 otherwise.</summary>
    public int SkippedRows { get; init; }
    /// <summary>The first skipped row's problem, when <see cref="SkippedRows"/> &gt; 0.</summary>
    public string? FirstSkippedProblem { get; init; }
    /// <summary>Time spent reading and preparing.</summary>
    public TimeSpan Elapsed { get; init; }

}
