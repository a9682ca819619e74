using System.Text.Json.Serialization;
using Elman.Data.Sequences;
using Elman.Data.Text;

namespace Elman.Runs;

/// <summary>Where a run's labelled sequences come from. Each kind is rebuilt from this description alone, so a checkpoint can.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SyntheticData), "synthetic")]
[JsonDerivedType(typeof(CorpusData), "corpus")]
[JsonDerivedType(typeof(TextFileData), "text-file")]
[JsonDerivedType(typeof(TextRowsData), "text-rows")]
[JsonDerivedType(typeof(NumericFileData), "numeric-file")]
[JsonDerivedType(typeof(SequenceCorpusData), "sequence-corpus")]
public abstract record RunData
{
    /// <summary>Whether the data are texts (tokens read through an embedding) rather than vectors.</summary>
    [JsonIgnore] public abstract bool IsText { get; }

    /// <summary>A short name for reports and the model's metadata: the task, corpus or file name.</summary>
    [JsonIgnore] public abstract string Name { get; }
}

/// <summary>A built-in synthetic task, generated from the run's seed: training, validation and test sets of fresh sequences.</summary>
/// <param name="Task">The task's name (<see cref="Data.Tasks.BuiltinTasks"/>).</param>
/// <param name="Length">Sequence length T.</param>
/// <param name="TrainSize">Training sequences (of every epoch, with <paramref name="FreshEachEpoch"/>).</param>
/// <param name="TestSize">Validation sequences, and as many test sequences.</param>
/// <param name="FreshEachEpoch">Draw new training sequences for every epoch and keep no validation split (the caller checks
/// its own): the data never repeat, as in Pascanu et al.'s long-range experiments.</param>
public sealed record SyntheticData(string Task, int Length = 30, int TrainSize = 10_000, int TestSize = 2_000, bool FreshEachEpoch = false) : RunData
{
    /// <inheritdoc/>
    public override bool IsText => false;
    /// <inheritdoc/>
    public override string Name => Task;
}

/// <summary>A public text corpus known by name (read through an <see cref="ICorpusSource"/>; Elman.Datasets knows them).</summary>
/// <param name="Corpus">The corpus's name, e.g. "names".</param>
public sealed record CorpusData(string Corpus) : RunData
{
    /// <inheritdoc/>
    public override bool IsText => true;
    /// <inheritdoc/>
    public override string Name => Corpus;
}

/// <summary>A user's labelled text file: CSV or TSV with a header row, or JSON Lines (<see cref="LabelledTextReader"/>).</summary>
/// <param name="Path">The file.</param>
/// <param name="TextColumn">Column or key holding the text.</param>
/// <param name="LabelColumn">Column or key holding the label.</param>
/// <param name="SkipBadRows">Skip malformed rows (and count them) instead of stopping at the first.</param>
public sealed record TextFileData(string Path, string TextColumn = "text", string LabelColumn = "label", bool SkipBadRows = false) : RunData
{
    /// <inheritdoc/>
    public override bool IsText => true;
    /// <inheritdoc/>
    public override string Name => System.IO.Path.GetFileName(Path);
}

/// <summary>Labelled texts already in memory (e.g. the rows of an ML.NET data view).</summary>
/// <param name="Source">A name for reports and the model's metadata.</param>
/// <param name="Rows">The examples.</param>
/// <param name="ClassNames">The classes in order, or null to order the labels found as <see cref="TextDatasets.ClassNamesOf"/> does.</param>
public sealed record TextRowsData(string Source, IReadOnlyList<LabelledText> Rows, IReadOnlyList<string>? ClassNames = null) : RunData
{
    /// <inheritdoc/>
    public override bool IsText => true;
    /// <inheritdoc/>
    public override string Name => Source;
}

/// <summary>
/// A user's numeric sequences (<see cref="NumericSequenceFile"/>: NumPy .npz/.npy, safetensors, long CSV/TSV, UCR, .ts):
/// x [N, T, D] with labels, split by seed unless test (and validation) files are given.
/// </summary>
/// <param name="Path">The training file (or all the data, when it is split).</param>
/// <param name="Read">How the files are read (format, long-format columns); null for the defaults.</param>
/// <param name="TestPath">A given test set; null splits one off <paramref name="Path"/>.</param>
/// <param name="ValidationPath">A given validation set (with <paramref name="TestPath"/>); null splits one off the training file.</param>
public sealed record NumericFileData(string Path, NumericReadOptions? Read = null, string? TestPath = null, string? ValidationPath = null) : RunData
{
    /// <inheritdoc/>
    public override bool IsText => false;
    /// <inheritdoc/>
    public override string Name => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path));
}

/// <summary>A public numeric sequence data set known by name (read through an <see cref="ICorpusSource"/>), split by seed.</summary>
/// <param name="Corpus">The data set's name, e.g. "mnist-rows".</param>
public sealed record SequenceCorpusData(string Corpus) : RunData
{
    /// <inheritdoc/>
    public override bool IsText => false;
    /// <inheritdoc/>
    public override string Name => Corpus;
}
