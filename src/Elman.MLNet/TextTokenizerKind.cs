namespace Elman.MLNet;

/// <summary>How text is cut into tokens before the vocabulary maps them to ids.</summary>
public enum TextTokenizerKind
{
    /// <summary>One token per Unicode scalar value (a character-level model; no unknown words).</summary>
    Characters,
    /// <summary>Maximal runs of letters, digits and apostrophes; other characters separate words and are dropped.</summary>
    Words,
}
