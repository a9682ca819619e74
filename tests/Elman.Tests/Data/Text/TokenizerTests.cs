using System.Globalization;
using System.Text;
using Elman.Data.Text;

namespace Elman.Tests.Data.Text;

public class TokenizerTests
{
    // Expected tokens are written out by hand, separated by '|'.
    [Theory]
    [InlineData("Anna", "a|n|n|a")]
    [InlineData("  Jean  Luc ", "j|e|a|n| |l|u|c")]
    [InlineData("Zoë", "z|o|ë")]
    [InlineData("ÅSA", "å|s|a")]
    [InlineData("a\tb\r\nc", "a| |b| |c")]
    [InlineData("a\u00A0\u2003\u3000b", "a| |b")]           // no-break, em and ideographic spaces are white space
    [InlineData("a\u200Bb\u001Fc", "a|\u200B|b|\u001F|c")]  // zero-width space and U+001F are not (Python's isspace() says U+001F is)
    [InlineData("😀x", "😀|x")]                 // a surrogate pair is one token
    [InlineData("", "")]
    public void Char_tokens_are_lowercased_code_points_with_white_space_collapsed(string text, string expected)
        => Assert.Equal(Split(expected), new Tokenizer(TokenizerKind.Char).Tokenize(text));

    [Theory]
    [InlineData("Hello, World!", "hello|world")]
    [InlineData("Don't STOP—now", "don't|stop|now")]
    [InlineData("'quoted' it's", "quoted|it's")]
    [InlineData("rock’n’roll ''twas a''b '", "rock’n’roll|twas|a|b")]
    [InlineData("$100 off!!!", "100|off")]
    [InlineData("Größe ÜBER straße", "größe|über|straße")]
    [InlineData("Москва и Киев", "москва|и|киев")]
    [InlineData("東京 タワー", "東京|タワー")]
    [InlineData("e-mail <b>bold</b>", "e|mail|b|bold|b")]
    [InlineData("snake_case 3.14", "snake_case|3|14")]
    [InlineData("x² Ⅻ ½cup", "x²|ⅻ|½cup")]                   // No and Nl numbers are word characters; Ⅻ lowercases to ⅻ
    [InlineData("ΟΔΟΣ σοφός", "οδοσ|σοφός")]             // simple mapping: Σ is σ everywhere, no final-sigma rule; ς stays ς
    [InlineData("hi😀there #tag", "hi|there|tag")]
    [InlineData("   ", "")]
    public void Word_tokens_are_lowercased_runs_of_letters_marks_and_digits(string text, string expected)
        => Assert.Equal(Split(expected), new Tokenizer(TokenizerKind.Word).Tokenize(text));

    [Theory]
    [InlineData(2, "istanbul|iı")]
    [InlineData(1, "İstanbul|iı")]     // version 1 kept U+0130 as .NET's invariant casing does
    public void Capital_dotted_i_lowercases_to_i_from_version_2(int version, string expected)
        => Assert.Equal(Split(expected), new Tokenizer(TokenizerKind.Word, Version: version).Tokenize("İSTANBUL Iı"));

    [Fact]
    public void Case_is_kept_when_asked()
        => Assert.Equal(["Ab", "C", "İ"], new Tokenizer(TokenizerKind.Word, Lowercase: false).Tokenize("Ab C İ"));

    [Fact]
    public void The_white_space_rule_is_exactly_what_the_char_tokenizer_skips()
    {
        var skipped = AllRunes().Where(Rune.IsWhiteSpace).Select(r => r.ToString());
        Assert.Equal(Tokenizer.WhiteSpace.Select(c => c.ToString()), skipped);
    }

    [Fact]
    public void Word_categories_are_letters_marks_numbers_and_connectors()
    {
        Assert.Equal(["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc"], Tokenizer.WordCategories.Select(c => c.Name));
        foreach (var rune in AllRunes())
        {
            string name = Rune.GetUnicodeCategory(rune).ToString();
            bool expected = name.EndsWith("Letter") || name.EndsWith("Mark") || name.EndsWith("Number") || name == "ConnectorPunctuation";
            if (Tokenizer.IsWordRune(rune) != expected) Assert.Fail($"U+{rune.Value:X4} ({name}): IsWordRune is {!expected}");
        }
    }

    [Fact]
    public void Version_2_settings_write_out_every_rule()
    {
        Assert.Equal(
            """{"version":2,"kind":"word","lowercase":true,"case_mapping":"simple","normalization":"none","word_categories":["Lu","Ll","Lt","Lm","Lo","Mn","Mc","Me","Nd","Nl","No","Pc"],"inner_apostrophes":"\u0027\u2019"}""",
            new Tokenizer(TokenizerKind.Word).ToJson());
        Assert.Equal(
            """{"version":2,"kind":"char","lowercase":false,"normalization":"none","whitespace":"\t\n\u000B\f\r \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000"}""",
            new Tokenizer(TokenizerKind.Char, Lowercase: false).ToJson());
    }

    [Theory]
    [InlineData("{\"kind\":\"word\",\"lowercase\":true}", TokenizerKind.Word, true)]     // as every checkpoint before versions
    [InlineData("{\"kind\":\"char\",\"lowercase\":false}", TokenizerKind.Char, false)]
    [InlineData("{\"kind\":\"char\"}", TokenizerKind.Char, true)]
    [InlineData("{\"version\":1,\"kind\":\"word\",\"lowercase\":true}", TokenizerKind.Word, true)]
    public void Settings_without_a_version_are_version_1(string json, TokenizerKind kind, bool lowercase)
        => Assert.Equal(new Tokenizer(kind, lowercase, Version: 1), Tokenizer.FromJson(json, "m"));

    [Theory]
    [InlineData(TokenizerKind.Char, true, 2)]
    [InlineData(TokenizerKind.Word, true, 2)]
    [InlineData(TokenizerKind.Word, false, 2)]
    [InlineData(TokenizerKind.Char, false, 1)]
    [InlineData(TokenizerKind.Word, true, 1)]
    public void Settings_round_trip_through_json(TokenizerKind kind, bool lowercase, int version)
    {
        var tokenizer = new Tokenizer(kind, lowercase, version);
        Assert.Equal(tokenizer, Tokenizer.FromJson(tokenizer.ToJson(), "m"));
    }

    [Theory]
    [InlineData("{\"kind\":\"bpe\"}", "bpe")]
    [InlineData("{\"lowercase\":true}", "kind")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"version\":3,\"kind\":\"word\",\"lowercase\":true}", "version 3")]
    [InlineData("{\"version\":\"2\",\"kind\":\"word\",\"lowercase\":true}", "expected an integer")]
    [InlineData("{\"version\":2,\"kind\":\"char\",\"lowercase\":true,\"case_mapping\":\"simple\",\"normalization\":\"none\"}", "\"whitespace\" is missing")]
    [InlineData("{\"version\":2,\"kind\":\"char\",\"lowercase\":false,\"normalization\":\"NFC\",\"whitespace\":\" \"}", "\"normalization\" is \"NFC\"")]
    [InlineData("{\"version\":2,\"kind\":\"char\",\"lowercase\":false,\"normalization\":\"none\",\"whitespace\":\" \"}", "\"whitespace\" is \" \"")]
    [InlineData("{\"version\":2,\"kind\":\"word\",\"lowercase\":true,\"case_mapping\":\"full\"}", "\"case_mapping\" is \"full\"")]
    [InlineData("{\"version\":1,\"kind\":\"word\",\"lowercase\":true,\"stem\":true}", "\"stem\"")]
    [InlineData("{\"version\":2,\"kind\":\"word\"}", "\"lowercase\" is missing")]
    public void Bad_settings_name_the_problem(string json, string mention)
    {
        var e = Assert.ThrowsAny<ElmanException>(() => Tokenizer.FromJson(json, "m.safetensors"));
        Assert.Contains("m.safetensors", e.Message);
        Assert.Contains(mention, e.Message);
    }

    [Fact]
    public void Only_versions_1_and_2_exist()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new Tokenizer(TokenizerKind.Word, Version: 3));

    static IEnumerable<Rune> AllRunes()
    {
        for (int cp = 0; cp <= 0x10FFFF; cp++)
            if (Rune.IsValid(cp)) yield return new Rune(cp);
    }

    static string[] Split(string expected) => expected.Length == 0 ? [] : expected.Split('|');
}
