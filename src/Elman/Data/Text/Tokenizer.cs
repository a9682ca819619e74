using System.Globalization;
using System.Text;

namespace Elman.Data.Text;

/// <summary>
/// Cuts text into string tokens, Unicode-aware and by default lowercased. The rules are fixed per
/// <see cref="Version"/> and written out in full in a checkpoint (<see cref="ToJson"/>), so a model
/// tokenizes at prediction time exactly as it did in training, and a reader in another language
/// (docs/tokenizer.md has one in Python) can do the same:
/// <list type="bullet">
/// <item>no Unicode normalisation; the text is a sequence of code points (Unicode scalar values);</item>
/// <item>lowercase: each code point is replaced by its Unicode simple lowercase mapping
/// (UnicodeData.txt field 13), without context, so "Σ" is always "σ" and "İ" (U+0130) is "i";</item>
/// <item>char: one token per code point; a run of <see cref="WhiteSpace"/> between two other code
/// points becomes one " " token, and leading or trailing runs are dropped;</item>
/// <item>word: maximal runs of code points whose general category is in <see cref="WordCategories"/>;
/// an <see cref="InnerApostrophes">apostrophe</see> belongs to the word when the word has begun and the
/// next code point is a word character ("don't", "l'homme"); every other code point only separates words.</item>
/// </list>
/// Version 1 (checkpoints whose settings have no "version") differs in one code point: "İ" stays "İ",
/// as .NET's invariant casing leaves it.
/// </summary>
/// <param name="Kind">Characters or words.</param>
/// <param name="Lowercase">Whether text is lowercased first.</param>
/// <param name="Version">The rules: <see cref="CurrentVersion"/> for new models, 1 for checkpoints written before versions existed.</param>
public sealed record Tokenizer(TokenizerKind Kind, bool Lowercase = true, int Version = Tokenizer.CurrentVersion)
{
    /// <summary>The rules new models are trained with.</summary>
    public const int CurrentVersion = 2;

    /// <summary>The rules: 1 or 2.</summary>
    public int Version { get; } = Version is 1 or CurrentVersion ? Version
        : throw new ArgumentOutOfRangeException(nameof(Version), Version, "expected 1 or 2");

    /// <summary>
    /// The general categories of word characters: letters (L*), marks (M*), numbers (N*: digits, Roman
    /// numerals, "²") and connector punctuation (Pc: "_"), with their two-letter Unicode names.
    /// </summary>
    public static IReadOnlyList<(UnicodeCategory Category, string Name)> WordCategories { get; } =
    [
        (UnicodeCategory.UppercaseLetter, "Lu"), (UnicodeCategory.LowercaseLetter, "Ll"), (UnicodeCategory.TitlecaseLetter, "Lt"),
        (UnicodeCategory.ModifierLetter, "Lm"), (UnicodeCategory.OtherLetter, "Lo"),
        (UnicodeCategory.NonSpacingMark, "Mn"), (UnicodeCategory.SpacingCombiningMark, "Mc"), (UnicodeCategory.EnclosingMark, "Me"),
        (UnicodeCategory.DecimalDigitNumber, "Nd"), (UnicodeCategory.LetterNumber, "Nl"), (UnicodeCategory.OtherNumber, "No"),
        (UnicodeCategory.ConnectorPunctuation, "Pc"),
    ];

    /// <summary>The apostrophes that join a word to what follows: U+0027 ' and U+2019 ’.</summary>
    public const string InnerApostrophes = "'\u2019";

    /// <summary>The code points with Unicode's White_Space property, all of which <see cref="Rune.IsWhiteSpace"/> accepts and no others.</summary>
    public const string WhiteSpace = "\t\n\v\f\r \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000";

    static readonly bool[] IsWordCategory = BuildWordCategoryTable();

    static bool[] BuildWordCategoryTable()
    {
        var table = new bool[(int)UnicodeCategory.OtherNotAssigned + 1];
        foreach (var (category, _) in WordCategories) table[(int)category] = true;
        return table;
    }

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
        if (Lowercase) text = ToLower(text, Version);
        if (Kind == TokenizerKind.Char) CharTokens(text, tokens);
        else WordTokens(text, tokens);
    }

    /// <summary>
    /// Unicode's simple lowercase mapping, code point by code point (version 2), or .NET's invariant
    /// lowercase (version 1). The two differ only at U+0130 "İ": .NET keeps it (a Windows rule, in ICU and
    /// invariant globalization mode alike); its simple mapping, which Java, Go and ICU's u_tolower apply, is "i".
    /// </summary>
    static string ToLower(string text, int version)
    {
        string lower = text.ToLowerInvariant();
        return version == 1 ? lower : lower.Replace('\u0130', 'i');
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
            if (rune.IsBmp && InnerApostrophes.Contains((char)rune.Value) && word.Length > 0 && i + 1 < runes.Length && IsWordRune(runes[i + 1]))
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

    /// <summary>Whether <paramref name="rune"/>'s general category is one of <see cref="WordCategories"/>.</summary>
    public static bool IsWordRune(Rune rune) => IsWordCategory[(int)Rune.GetUnicodeCategory(rune)];

    /// <summary>The rules as stored in a checkpoint, every one written out (see <see cref="TokenizerMetadata"/>).</summary>
    public string ToJson() => TokenizerMetadata.Write(this);

    /// <summary>Parses <see cref="ToJson"/>'s output, or a version 1 <c>{"kind":"word","lowercase":true}</c>; <paramref name="source"/> names the file in messages.</summary>
    /// <exception cref="ElmanException">Malformed JSON, an unknown kind or version, or a rule this version does not have.</exception>
    public static Tokenizer FromJson(string json, string source) => TokenizerMetadata.Read(json, source);
}
