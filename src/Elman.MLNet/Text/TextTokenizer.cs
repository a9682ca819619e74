using System.Globalization;
using System.Text;

namespace Elman.MLNet.Text;

/// <summary>
/// A minimal tokenizer for ML.NET text columns: characters or words, optionally lower-cased with the
/// invariant culture so that a model behaves the same on every machine.
/// </summary>
/// <param name="Kind">Characters or words.</param>
/// <param name="LowerCase">Whether to lower-case the text first.</param>
sealed record TextTokenizer(TextTokenizerKind Kind, bool LowerCase)
{
    /// <summary>The tokens of <paramref name="text"/> in order.</summary>
    public List<string> Tokenize(ReadOnlySpan<char> text)
    {
        string s = LowerCase ? text.ToString().ToLowerInvariant() : text.ToString();
        var tokens = new List<string>();
        if (Kind == TextTokenizerKind.Characters)
        {
            foreach (var rune in s.EnumerateRunes()) tokens.Add(rune.ToString());
            return tokens;
        }
        var word = new StringBuilder();
        foreach (var rune in s.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || rune.Value == '\'' || Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
                word.Append(rune.ToString());
            else if (word.Length > 0)
            {
                tokens.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0) tokens.Add(word.ToString());
        return tokens;
    }

    /// <summary>The name stored in a checkpoint: "characters" or "words".</summary>
    public static string KindName(TextTokenizerKind kind) => kind == TextTokenizerKind.Words ? "words" : "characters";

    /// <summary>Parses <see cref="KindName"/>'s spelling.</summary>
    public static TextTokenizerKind ParseKind(string name, string source) => name switch
    {
        "characters" => TextTokenizerKind.Characters,
        "words" => TextTokenizerKind.Words,
        _ => throw new ElmanException($"{source}: tokenizer is '{name}', expected characters or words"),
    };
}
