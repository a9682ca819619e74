using System.CommandLine;
using Elman.Data.Sequences;
using Elman.Runs;

namespace Elman.Cli.Commands;

/// <summary>The options of <c>elman train --data FILE</c> for numeric sequences (<see cref="NumericFileData"/>, <see cref="SequenceSettings"/>).</summary>
sealed class SequenceOptions
{
    readonly Option<string?> _sequenceColumn = new("--sequence-column") { Description = "Long-format CSV/TSV (one row per time step): the column naming each row's sequence (default: sequence)" };
    readonly Option<string?> _stepColumn = new("--step-column") { Description = "Long-format CSV/TSV: the column ordering a sequence's rows (default: a 'step' column if there is one, else file order)" };
    readonly Option<string?> _featureColumns = new("--feature-columns") { Description = "Long-format CSV/TSV: the feature columns, comma-separated (default: every other numeric column)" };
    readonly Option<string?> _testData = new("--test-data") { Description = "Numeric sequences: a given test set (then --data is split into training and validation only)" };
    readonly Option<string?> _validationData = new("--validation-data") { Description = "Numeric sequences: a given validation set (with --test-data)" };
    readonly Option<string?> _normalize = new("--normalize") { Description = "Numeric sequences: standard (per-feature mean and std of the training split, stored in the model and applied to every input it reads) or none (default standard)" };

    public SequenceOptions() => _normalize.AcceptOnlyFromAmong("standard", "none");

    public IEnumerable<Option> All => [_sequenceColumn, _stepColumn, _featureColumns, _testData, _validationData, _normalize];

    /// <summary>Whether <paramref name="path"/> holds numeric sequences rather than labelled texts: by extension, or a CSV/TSV read in long format when its columns are named.</summary>
    public bool IsNumeric(ParseResult parse, string path)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (Directory.Exists(path) || ext is ".npz" or ".npy" or ".safetensors" or ".ts" or ".txt") return true;
        if (ext is ".csv" or ".tsv" && All.Any(o => parse.GetResult(o) is { Implicit: false })) return true;
        return ext == ".tsv" && NumericSequenceFile.FormatOf(path) == NumericFileFormat.Ucr;
    }

    /// <summary>The numeric data source the command line describes, with <paramref name="labelColumn"/> for long-format files.</summary>
    public NumericFileData Source(ParseResult parse, string path, string labelColumn)
    {
        var read = new NumericReadOptions
        {
            SequenceColumn = parse.GetValue(_sequenceColumn) ?? "sequence",
            StepColumn = parse.GetValue(_stepColumn),
            LabelColumn = labelColumn,
            FeatureColumns = parse.GetValue(_featureColumns)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        };
        return new NumericFileData(path, read, parse.GetValue(_testData), parse.GetValue(_validationData));
    }

    /// <summary>Throws when a numeric-sequence option was given for other data, where it would silently do nothing.</summary>
    public void RefuseWithout(ParseResult parse, string what)
    {
        if (All.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } option)
            throw new ElmanException($"{option.Name} applies to numeric sequences (--data FILE.npz, .npy, .safetensors, .ts, long CSV/TSV), not to {what}");
    }

    /// <summary>Throws when an option that describes a file (columns, given test or validation sets) is given for a named data set.</summary>
    public void RefuseFileOptions(ParseResult parse, string dataset)
    {
        if (All.Where(o => o != _normalize).FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } option)
            throw new ElmanException($"{option.Name} describes a sequence file; the data set {dataset} is split by --seed and --split");
    }

    /// <summary><paramref name="defaults"/> with the options the user gave (--split comes from the text options).</summary>
    public SequenceSettings Apply(ParseResult parse, SequenceSettings defaults, string? split) => defaults with
    {
        Normalization = parse.GetValue(_normalize) switch { null => defaults.Normalization, "none" => NormalizationKind.None, _ => NormalizationKind.Standard },
        Split = split ?? defaults.Split,
    };
}
