using Elman.Data.Text;
using Elman.Runs;
using Elman.Training;

namespace Elman.MLNet;

/// <summary>
/// What <see cref="ElmanTextClassificationEstimator"/> reads and writes, and the run it trains: the same settings,
/// under the same names and with the same defaults, as <c>elman train --data FILE</c> (<see cref="RunDefaults"/>):
/// a stratified 80/10/10 split by seed, a vocabulary from the training split, batches bucketed by length, early
/// stopping on the validation split, and <see cref="Ensemble"/> members merged into one RNN.
/// </summary>
public sealed record ElmanTextClassificationOptions
{
    static readonly TrainingRun Defaults = RunDefaults.For(new TextRowsData("ml.net", []));

    /// <summary>The input text column (scalar text).</summary>
    public string TextColumnName { get; init; } = "Text";
    /// <summary>The label column: a key type with 2 or more values, e.g. from <c>MapValueToKey</c>.</summary>
    public string LabelColumnName { get; init; } = "Label";
    /// <summary>The output column of class probabilities (vector of C floats that sum to 1).</summary>
    public string ScoreColumnName { get; init; } = "Score";
    /// <summary>The output column of the most probable class, with the label's key type.</summary>
    public string PredictedLabelColumnName { get; init; } = "PredictedLabel";

    /// <summary>Tokens, vocabulary, truncation, split and token dropout (<see cref="TextSettings"/>).</summary>
    public TextSettings Text { get; init; } = Defaults.Text!;
    /// <summary>The network and its initialisation (<see cref="ModelSettings"/>).</summary>
    public ModelSettings Model { get; init; } = Defaults.Model;
    /// <summary>How each member is optimised (<see cref="TrainingOptions"/>; its seed is set from <see cref="Seed"/>).</summary>
    public TrainingOptions Optimization { get; init; } = Defaults.Optimization;
    /// <summary>Members trained with seeds Seed, Seed+1, … and merged into one RNN whose logits are their mean; 1 = a single model.</summary>
    public int Ensemble { get; init; } = Defaults.Ensemble;
    /// <summary>Seeds the split, initialisation, dropout and shuffling: the same seed, data and thread count give bit-identical weights.</summary>
    public ulong Seed { get; init; }
    /// <summary>Threads for the matrix products while training.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        foreach (var (name, column) in new[] { (nameof(TextColumnName), TextColumnName), (nameof(LabelColumnName), LabelColumnName), (nameof(ScoreColumnName), ScoreColumnName), (nameof(PredictedLabelColumnName), PredictedLabelColumnName) })
            if (string.IsNullOrEmpty(column)) throw new ArgumentException($"{name} is empty, expected a column name", name);
        try
        {
            ToRun([], null).Validate();
        }
        catch (SettingException e)
        {
            throw new ArgumentException(e.Message, e.Property, e);
        }
    }

    /// <summary>The run these options describe, on <paramref name="rows"/> with <paramref name="classNames"/> in key order.</summary>
    public TrainingRun ToRun(IReadOnlyList<LabelledText> rows, IReadOnlyList<string>? classNames) => new()
    {
        Data = new TextRowsData("ml.net", rows, classNames),
        Text = Text,
        Model = Model,
        Optimization = Optimization,
        Ensemble = Ensemble,
        Seed = Seed,
        Threads = Threads,
    };
}
