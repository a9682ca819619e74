namespace Elman.Data.Sequences;

/// <summary>How numeric inputs are normalised before the model sees them.</summary>
public enum NormalizationKind
{
    /// <summary>Raw values.</summary>
    None,
    /// <summary>Per feature: (x − mean) / std, both fitted on the training split.</summary>
    Standard,
}
