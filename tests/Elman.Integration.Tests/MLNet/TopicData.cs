using Elman.Numerics;

namespace Elman.Integration.Tests.MLNet;

/// <summary>A row of the in-memory text data: ML.NET reads the public fields as columns.</summary>
public sealed class TopicRow
{
    public string Text = "";
    public string Label = "";
}

/// <summary>
/// Short sentences about three topics, generated from a seed: a few topic words among filler words
/// shared by all topics, in random order, so a classifier must find the topic words wherever they are.
/// </summary>
public static class TopicData
{
    static readonly Dictionary<string, string[]> Topics = new()
    {
        ["animals"] = ["cat", "dog", "horse", "bird", "fish", "mouse", "cow", "fox"],
        ["finance"] = ["stock", "bank", "market", "price", "bond", "loan", "fund", "trade"],
        ["sports"] = ["team", "match", "goal", "score", "coach", "league", "ball", "race"],
    };
    static readonly string[] Filler = ["the", "a", "on", "in", "was", "very", "and", "then", "it", "of", "big", "new", "today", "again"];

    public static string[] ClassNames => [.. Topics.Keys];

    public static TopicRow[] Rows(int count, ulong seed)
    {
        var rng = new SeededRandom(seed);
        var names = ClassNames;
        var rows = new TopicRow[count];
        for (int i = 0; i < count; i++)
        {
            string label = names[rng.NextInt(names.Length)];
            var words = new List<string>();
            int topical = rng.NextInt(1, 3), filler = rng.NextInt(2, 8);
            for (int k = 0; k < topical; k++) words.Add(Topics[label][rng.NextInt(Topics[label].Length)]);
            for (int k = 0; k < filler; k++) words.Insert(rng.NextInt(words.Count + 1), Filler[rng.NextInt(Filler.Length)]);
            // Capitals and punctuation exercise the tokenizer's lower-casing and separators.
            words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
            rows[i] = new TopicRow { Text = string.Join(' ', words) + ".", Label = label };
        }
        return rows;
    }
}
