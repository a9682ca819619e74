using Elman.Data.Text;

namespace Elman.Runs;

/// <summary>Which tokens of a text longer than <see cref="TextSettings.MaxLength"/> are kept.</summary>
public enum KeepTokens
{
    /// <summary>The first ones.</summary>
    First,
    /// <summary>The last ones: the classifier reads the state after the last token, so a text's end is what it remembers best.</summary>
    Last,
}

/// <summary>How a run turns texts into token sequences and splits them.</summary>
public sealed record TextSettings
{
    /// <summary>Characters or words.</summary>
    public TokenizerKind Tokenizer { get; init; } = TokenizerKind.Word;
    /// <summary>Training tokens seen fewer times than this become unknown.</summary>
    public int MinFrequency { get; init; } = 2;
    /// <summary>At most this many vocabulary ids, padding and unknown included (0 = no limit).</summary>
    public int MaxVocabulary { get; init; } = 20_000;
    /// <summary>Texts are truncated to this many tokens.</summary>
    public int MaxLength { get; init; } = 100;
    /// <summary>Which tokens of a longer text are kept.</summary>
    public KeepTokens KeepTokens { get; init; } = KeepTokens.Last;
    /// <summary>Embedding width D.</summary>
    public int Embedding { get; init; } = 64;
    /// <summary>While training, each token becomes unknown with this probability, drawn afresh every epoch (0 = off).</summary>
    public double TokenDropout { get; init; }
    /// <summary>Train/validation/test shares of the stratified split, as "80/10/10".</summary>
    public string Split { get; init; } = "80/10/10";

    /// <summary>The dataset options these settings give for <paramref name="seed"/> and the corpus's <paramref name="classNames"/>.</summary>
    public TextDatasetOptions ToDatasetOptions(ulong seed, IReadOnlyList<string>? classNames) => new()
    {
        Tokenizer = new Tokenizer(Tokenizer),
        MinFrequency = MinFrequency,
        MaxVocabulary = MaxVocabulary,
        MaxLength = MaxLength,
        TruncateFromStart = KeepTokens == KeepTokens.Last,
        Split = SplitFractions.Parse(Split, nameof(Split)),
        Seed = seed,
        ClassNames = classNames,
    };
}
