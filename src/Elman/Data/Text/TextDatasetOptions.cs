namespace Elman.Data.Text;

/// <summary>How <see cref="TextDatasets.Build"/> turns labelled texts into training, validation and test sequences.</summary>
public sealed record TextDatasetOptions
{
    /// <summary>How texts are cut into tokens.</summary>
    public Tokenizer Tokenizer { get; init; } = new(TokenizerKind.Word);
    /// <summary>Tokens seen fewer times than this in the training split map to unknown.</summary>
    public int MinFrequency { get; init; } = 1;
    /// <summary>At most this many vocabulary ids in all, including padding and unknown (0 = no limit).</summary>
    public int MaxVocabulary { get; init; }
    /// <summary>Texts are truncated to their first this many tokens.</summary>
    public int MaxLength { get; init; } = 256;
    /// <summary>Keep the last <see cref="MaxLength"/> tokens of long texts instead of the first.</summary>
    public bool TruncateFromStart { get; init; }
    /// <summary>Training / validation / test shares.</summary>
    public SplitFractions Split { get; init; } = SplitFractions.Default;
    /// <summary>Seeds the split.</summary>
    public ulong Seed { get; init; }
    /// <summary>The classes in order, or null to use the labels found (numerically if all are integers, else in ordinal order).</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Throws <see cref="ElmanException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        SettingException.Require(MinFrequency >= 1, nameof(MinFrequency), MinFrequency, "≥ 1");
        SettingException.Require(MaxVocabulary == 0 || MaxVocabulary >= 3, nameof(MaxVocabulary), MaxVocabulary, "0 (no limit) or ≥ 3 (padding, unknown and one token)");
        SettingException.Require(MaxLength >= 1, nameof(MaxLength), MaxLength, "≥ 1");
        Split.Validate(nameof(Split));
    }
}
