using Elman.Data.Text;

namespace Elman.Tests.Data.Text;

public class VocabularyTests
{
    static readonly string[][] Documents = [["b", "a", "c", "a"], ["a", "d", "b"], ["e"]];
    // Counts: a 3, b 2, c 1, d 1, e 1 → by count, ties in ordinal order.

    [Theory]
    [InlineData(1, 0, "<pad>|<unk>|a|b|c|d|e")]
    [InlineData(2, 0, "<pad>|<unk>|a|b")]
    [InlineData(1, 4, "<pad>|<unk>|a|b")]
    [InlineData(1, 5, "<pad>|<unk>|a|b|c")]
    [InlineData(4, 0, "<pad>|<unk>")]
    public void Build_keeps_frequent_tokens_most_frequent_first(int minFrequency, int maxSize, string expected)
        => Assert.Equal(expected.Split('|'), Vocabulary.Build(Documents, minFrequency, maxSize).Tokens);

    [Fact]
    public void Ids_round_trip_and_unknown_tokens_map_to_1()
    {
        var vocabulary = Vocabulary.Build(Documents);
        for (int id = 2; id < vocabulary.Count; id++) Assert.Equal(id, vocabulary.IdOf(vocabulary[id]));
        Assert.Equal(Vocabulary.UnknownId, vocabulary.IdOf("zzz"));
        Assert.Equal(Vocabulary.UnknownId, vocabulary.IdOf("<pad>"));   // the reserved names are not tokens
        Assert.Equal(Vocabulary.UnknownId, vocabulary.IdOf("<unk>"));
    }

    [Fact]
    public void Json_round_trip_keeps_every_id()
    {
        var vocabulary = Vocabulary.Build([["x", "ÿ", "\"q\"", "a\nb", "😀"]]);
        var back = Vocabulary.FromJson(vocabulary.ToJson(), "m");
        Assert.Equal(vocabulary.Tokens, back.Tokens);
    }

    [Theory]
    [InlineData("[\"<pad>\",\"<unk>\",\"a\",\"a\"]", "repeats")]
    [InlineData("[\"<unk>\",\"<pad>\",\"a\"]", "starting with")]
    [InlineData("[\"<pad>\",\"<unk>\",\"\"]", "empty")]
    [InlineData("[\"<pad>\",\"<unk>\",null]", "starting with")]
    [InlineData("{\"a\":1}", "not a JSON array")]
    [InlineData("[\"<pad>\",\"<unk>\",\"<unk>\"]", "reserved")]
    public void Malformed_vocabularies_are_refused_naming_the_file(string json, string mention)
    {
        var e = Assert.ThrowsAny<ElmanException>(() => Vocabulary.FromJson(json, "m.safetensors"));
        Assert.StartsWith("m.safetensors: ", e.Message);
        Assert.Contains(mention, e.Message);
    }
}
