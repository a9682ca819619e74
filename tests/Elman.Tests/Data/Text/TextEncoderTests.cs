using Elman.Data.Text;
using Elman.Model;

namespace Elman.Tests.Data.Text;

public class TextEncoderTests
{
    static readonly Vocabulary Vocab = Vocabulary.FromTokens(["a", "b", "c"]);   // a 2, b 3, c 4

    [Theory]
    [InlineData("a b c", 10, false, new[] { 2, 3, 4 })]
    [InlineData("a b x c", 3, false, new[] { 2, 3, 1 })]
    [InlineData("a b x c", 3, true, new[] { 3, 1, 4 })]
    [InlineData("", 3, false, new[] { 1 })]              // no tokens: one unknown, never length 0
    [InlineData("!! ??", 3, false, new[] { 1 })]
    public void Encode_looks_up_and_truncates(string text, int maxLength, bool fromStart, int[] expected)
        => Assert.Equal(expected, new TextEncoder(new Tokenizer(TokenizerKind.Word), Vocab, maxLength, fromStart).Encode(text));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Metadata_round_trip(bool fromStart)
    {
        var encoder = new TextEncoder(new Tokenizer(TokenizerKind.Char, Lowercase: false), Vocab, 17, fromStart);
        var metadata = new Dictionary<string, string>();
        encoder.WriteTo(metadata);
        var back = TextEncoder.ReadFrom(metadata, new RnnConfig(Vocab.Count, 2, 2, 1, 2), "m");
        Assert.Equal(encoder.Tokenizer, back.Tokenizer);
        Assert.Equal(encoder.Vocabulary.Tokens, back.Vocabulary.Tokens);
        Assert.Equal((17, fromStart), (back.MaxLength, back.TruncateFromStart));
    }

    [Theory]
    [InlineData("{\"kind\":\"word\",\"lowercase\":true}", new[] { 1, 2 })]   // a checkpoint from before tokenizer versions: "İ" stays "İ", unknown
    [InlineData("{\"version\":2,\"kind\":\"word\",\"lowercase\":true,\"case_mapping\":\"simple\",\"normalization\":\"none\",\"word_categories\":[\"Lu\",\"Ll\",\"Lt\",\"Lm\",\"Lo\",\"Mn\",\"Mc\",\"Me\",\"Nd\",\"Nl\",\"No\",\"Pc\"],\"inner_apostrophes\":\"'’\"}", new[] { 4, 2 })]
    public void Stored_tokenizer_settings_decide_how_text_is_read(string tokenizerJson, int[] expected)
    {
        var vocab = Vocabulary.FromTokens(["a", "b", "i"]);   // i 4
        var metadata = new Dictionary<string, string>();
        new TextEncoder(new Tokenizer(TokenizerKind.Word), vocab, 5).WriteTo(metadata);
        metadata[MetadataKeys.Tokenizer] = tokenizerJson;
        var encoder = TextEncoder.ReadFrom(metadata, new RnnConfig(vocab.Count, 2, 2, 1, 2), "m");
        Assert.Equal(expected, encoder.Encode("İ A"));
    }

    [Theory]
    [InlineData(MetadataKeys.MaxLength, "0", "max_length")]
    [InlineData(MetadataKeys.MaxLength, "x", "max_length")]
    [InlineData(MetadataKeys.Keep, "middle", "keep")]
    [InlineData(MetadataKeys.Vocabulary, "[\"<pad>\",\"<unk>\"]", "vocab_size")]   // 2 entries for a model with 5 rows
    public void Bad_metadata_is_a_one_line_error_naming_the_file(string key, string value, string mention)
    {
        var metadata = new Dictionary<string, string>();
        new TextEncoder(new Tokenizer(TokenizerKind.Word), Vocab, 5).WriteTo(metadata);
        metadata[key] = value;
        var e = Assert.ThrowsAny<ElmanException>(() => TextEncoder.ReadFrom(metadata, new RnnConfig(Vocab.Count, 2, 2, 1, 2), "m.safetensors"));
        Assert.StartsWith("m.safetensors: ", e.Message);
        Assert.Contains(mention, e.Message);
    }

    [Fact]
    public void A_model_without_vocabulary_cannot_read_text()
    {
        var e = Assert.ThrowsAny<ElmanException>(() => TextEncoder.ReadFrom(new Dictionary<string, string>(), new RnnConfig(5, 2, 2, 1, 2), "m.safetensors"));
        Assert.Contains("no vocabulary", e.Message);
    }
}
