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
    [InlineData("😀x", "😀|x")]                 // a surrogate pair is one token
    [InlineData("", "")]
    public void Char_tokens_are_lowercased_code_points_with_white_space_collapsed(string text, string expected)
        => Assert.Equal(Split(expected), new Tokenizer(TokenizerKind.Char).Tokenize(text));

    [Theory]
    [InlineData("Hello, World!", "hello|world")]
    [InlineData("Don't STOP—now", "don't|stop|now")]
    [InlineData("'quoted' it's", "quoted|it's")]
    [InlineData("$100 off!!!", "100|off")]
    [InlineData("Größe ÜBER straße", "größe|über|straße")]
    [InlineData("Москва и Киев", "москва|и|киев")]
    [InlineData("東京 タワー", "東京|タワー")]
    [InlineData("e-mail <b>bold</b>", "e|mail|b|bold|b")]
    [InlineData("snake_case 3.14", "snake_case|3|14")]
    [InlineData("   ", "")]
    public void Word_tokens_are_lowercased_runs_of_letters_marks_and_digits(string text, string expected)
        => Assert.Equal(Split(expected), new Tokenizer(TokenizerKind.Word).Tokenize(text));

    [Fact]
    public void Case_is_kept_when_asked()
        => Assert.Equal(["Ab", "C"], new Tokenizer(TokenizerKind.Word, Lowercase: false).Tokenize("Ab C"));

    [Theory]
    [InlineData(TokenizerKind.Char, true)]
    [InlineData(TokenizerKind.Word, true)]
    [InlineData(TokenizerKind.Word, false)]
    public void Settings_round_trip_through_json(TokenizerKind kind, bool lowercase)
    {
        var tokenizer = new Tokenizer(kind, lowercase);
        Assert.Equal(tokenizer, Tokenizer.FromJson(tokenizer.ToJson(), "m"));
    }

    [Theory]
    [InlineData("{\"kind\":\"bpe\"}", "bpe")]
    [InlineData("{\"lowercase\":true}", "kind")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("{", "not valid JSON")]
    public void Bad_settings_name_the_problem(string json, string mention)
    {
        var e = Assert.ThrowsAny<ElmanException>(() => Tokenizer.FromJson(json, "m.safetensors"));
        Assert.Contains("m.safetensors", e.Message);
        Assert.Contains(mention, e.Message);
    }

    static string[] Split(string expected) => expected.Length == 0 ? [] : expected.Split('|');
}
