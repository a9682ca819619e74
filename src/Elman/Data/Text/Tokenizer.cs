using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Elman.Data.Text;

/// <summary>
/// Cuts text into string tokens, Unicode-aware and by default lowercased (invariant culture, so the
/// result does not depend on the machine's locale). The settings are stored in a checkpoint, so a
/// model tokenizes at prediction time exactly as it did in training.
/// </summary>
/// <param name="Kind">Characters or words.</param>
/// <param name="Lowercase">Whether text is lowercased first.</param>
public sealed record Tokenizer(TokenizerKind Kind, bool Lowercase = true)
{
    /// <summary>The name <c>--tokenizer</c> takes: "char" or "word".</summary>
    public string Name => Kind == TokenizerKind.Char ? "char" : "word";

    /// <summary>Parses "char" or "word"; <paramref name="what"/> prefixes the error message.</summary>
    /// <exception cref="ElmanException">Neither.</exception>
    public static TokenizerKind ParseKind(string name, string what) => name.ToLowerInvariant() switch
    {
        "char" => TokenizerKind.Char,
        "word" => TokenizerKind.Word,
        _ => throw new ElmanException($"{what} is '{name}', expected char or word"),
    };

    /// <summary>The tokens of <paramref name="text"/>.</summary>
    public List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        Tokenize(text, tokens);
        return tokens;
    }

    /// <summary>Appends the tokens of <paramref name="text"/> to <paramref name="tokens"/>.</summary>
    public void Tokenize(string text, List<string> tokens)
    {
        if (Lowercase) text = text.ToLowerInvariant();
        if (Kind == TokenizerKind.Char) CharTokens(text, tokens);
        else WordTokens(text, tokens);
    }

    static void CharTokens(string text, List<string> tokens)
    {
        bool pendingSpace = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                pendingSpace = tokens.Count > 0;
                continue;
            }
            if (pendingSpace) tokens.Add(" ");
            pendingSpace = false;
            tokens.Add(rune.ToString());
        }
    }

    static void WordTokens(string text, List<string> tokens)
    {
        var word = new StringBuilder();
        var runes = text.EnumerateRunes().ToArray();
        for (int i = 0; i < runes.Length; i++)
        {
            var rune = runes[i];
            if (IsWordRune(rune))
            {
                word.Append(rune.ToString());
                continue;
            }
            // "don't", "l'homme": an apostrophe between word characters belongs to the word.
            if (rune.Value is '\'' or '\u2019' && word.Length > 0 && i + 1 < runes.Length && IsWordRune(runes[i + 1]))
            {
                word.Append(rune.ToString());
                continue;
            }
            Flush();
        }
        Flush();

        void Flush()
        {
            if (word.Length == 0) return;
            tokens.Add(word.ToString());
            word.Clear();
        }
    }

    static bool IsWordRune(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.ConnectorPunctuation => true,
        _ => false,
    };

    /// <summary>The settings as stored in a checkpoint: <c>{"kind":"word","lowercase":true}</c>.</summary>
    public string ToJson() => new JsonObject { ["kind"] = Name, ["lowercase"] = Lowercase }.ToJsonString();

    /// <summary>Parses <see cref="ToJson"/>'s output; <paramref name="source"/> names the file in messages.</summary>
    /// <exception cref="ElmanException">Malformed JSON or an unknown kind.</exception>
    public static Tokenizer FromJson(string json, string source)
    {
        try
        {
            var obj = JsonNode.Parse(json) as JsonObject ?? throw new ElmanException($"{source}: tokenizer settings are not a JSON object");
            string kind = obj["kind"] is JsonValue k && k.TryGetValue(out string? s) ? s : throw new ElmanException($"{source}: tokenizer settings have no \"kind\"");
            bool lowercase = obj["lowercase"] is not JsonValue l || !l.TryGetValue(out bool b) || b;
            return new Tokenizer(ParseKind(kind, $"{source}: tokenizer kind"), lowercase);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ElmanException($"{source}: tokenizer settings are not valid JSON ({e.Message.Split('\n')[0]})");
        }
    }
}
