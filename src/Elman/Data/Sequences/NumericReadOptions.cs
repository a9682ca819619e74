namespace Elman.Data.Sequences;

/// <summary>How <see cref="NumericSequenceFile"/> reads a file; the column names apply to long-format CSV/TSV only.</summary>
public sealed record NumericReadOptions
{
    /// <summary>Whether a file without labels is an error (true, for training and evaluation) or reads as unlabelled sequences (false, to predict on).</summary>
    public bool RequireLabels { get; init; } = true;

    /// <summary>The format; null detects it from the extension (see <see cref="NumericSequenceFile.FormatOf"/>).</summary>
    public NumericFileFormat? Format { get; init; }

    /// <summary>The column that names the sequence a row belongs to.</summary>
    public string SequenceColumn { get; init; } = "sequence";

    /// <summary>The column that orders a sequence's rows; null uses a column named "step" if the header has one, else file order.</summary>
    public string? StepColumn { get; init; }

    /// <summary>The column of class labels (constant within a sequence).</summary>
    public string LabelColumn { get; init; } = "label";

    /// <summary>The feature columns in this order; null takes every other column whose values are all numbers, in header order.</summary>
    public IReadOnlyList<string>? FeatureColumns { get; init; }

    /// <summary>Whether any long-format column was chosen (a .tsv is then long format whatever its first line).</summary>
    internal bool NamesColumns => StepColumn is not null || FeatureColumns is not null || SequenceColumn != "sequence" || LabelColumn != "label";
}
