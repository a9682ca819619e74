using Elman.MLNet;
using Elman.MLNet.Text;

namespace Elman.Integration.Tests.MLNet.Text;

/// <summary>Tokenizer, vocabulary and encoder on hand-worked examples.</summary>
public sealed class TextEncoderTests
{
    [Theory]
    [InlineData(TextTokenizerKind.Words, true, "The cat's hat, again!", "the|cat's|hat|again")]
    [InlineData(TextTokenizerKind.Words, false, "The Cat  sat", "The|Cat|sat")]
    [InlineData(TextTokenizerKind.Words, true, "  ...  ", "")]
    [InlineData(TextTokenizerKind.Words, true, "naïve café 42x", "naïve|café|42x")]
    [InlineData(TextTokenizerKind.Characters, true, "Ab c", "a|b| |c")]
    [InlineData(TextTokenizerKind.Characters, false, "a😀b", "a|😀|b")]
    [InlineData(TextTokenizerKind.Characters, true, "", "")]
    public void Tokenizes(TextTokenizerKind kind, bool lowerCase, string text, string expected)
    {
        var tokens = new TextTokenizer(kind, lowerCase).Tokenize(text);
        Assert.Equal(expected, string.Join('|', tokens));
    }

    [Fact]
    public void VocabularyOrdersByCountThenOrdinalAndReservesPaddingAndUnknown()
    {
        var v = Vocabulary.Build([["b", "a", "c"], ["a", "c", "d"], ["a"]], minCount: 1, maxSize: 100);
        Assert.Equal(["<pad>", "<unk>", "a", "c", "b", "d"], v.Tokens);
        Assert.Equal(2, v["a"]);
        Assert.Equal(Vocabulary.Unknown, v["zebra"]);

        var rare = Vocabulary.Build([["b", "a", "c"], ["a", "c", "d"], ["a"]], minCount: 2, maxSize: 100);
        Assert.Equal(["<pad>", "<unk>", "a", "c"], rare.Tokens);
        var small = Vocabulary.Build([["b", "a", "c"], ["a", "c", "d"], ["a"]], minCount: 1, maxSize: 3);
        Assert.Equal(["<pad>", "<unk>", "a"], small.Tokens);
    }

    [Fact]
    public void EncoderTruncatesMapsUnknownsAndNeverReturnsNothing()
    {
        var encoder = new TextEncoder(new TextTokenizer(TextTokenizerKind.Words, true), Vocabulary.Build([["x", "y"]], 1, 10), MaxLength: 3);
        Assert.Equal([2, 1, 3], encoder.Encode("x zebra y x y"));
        Assert.Equal([Vocabulary.Padding], encoder.Encode("!!"));
    }

    [Fact]
    public void VocabularyRejectsDuplicatesAndMissingMarkers()
    {
        Assert.Throws<ElmanException>(() => new Vocabulary(["<pad>", "<unk>", "a", "a"]));
        Assert.Throws<ElmanException>(() => new Vocabulary(["a", "b"]));
    }
}
