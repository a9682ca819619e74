using Elman.Data.Sequences;

namespace Elman.Runs;

/// <summary>How a run on numeric sequences splits and scales them.</summary>
public sealed record SequenceSettings
{
    /// <summary>Per-feature standardisation fitted on the training split (stored in the model and applied to every input it reads), or none.</summary>
    public NormalizationKind Normalization { get; init; } = NormalizationKind.Standard;
    /// <summary>Train/validation/test shares of the stratified split, as "80/10/10"; with a given test file, train/validation shares of the rest.</summary>
    public string Split { get; init; } = "80/10/10";
}
