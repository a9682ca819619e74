using Elman.Baselines;

namespace Elman.Tests.Baselines;

public class NaiveBayesTests
{
    // Manning, Raghavan & Schütze, Introduction to Information Retrieval, Example 13.1: "Chinese" vs not.
    static readonly string[][] Training = [["chinese", "beijing", "chinese"], ["chinese", "chinese", "shanghai"], ["chinese", "macao"], ["tokyo", "japan", "chinese"]];
    static readonly int[] Labels = [1, 1, 1, 0];
    static readonly string[] Test = ["chinese", "chinese", "chinese", "tokyo", "japan"];

    [Fact]
    public void Matches_the_textbook_example()
    {
        var model = NaiveBayes.Fit(Training, Labels, 2);
        // The book: p(c|d) ∝ 3/4 · (3/7)³ · 1/14 · 1/14 ≈ 0.0003 and p(¬c|d) ∝ 1/4 · (2/9)³ · 2/9 · 2/9 ≈ 0.0001.
        var scores = model.Scores(Test);
        Assert.Equal(Math.Log(3.0 / 4 * Math.Pow(3.0 / 7, 3) / 14 / 14), scores[1], 12);
        Assert.Equal(Math.Log(1.0 / 4 * Math.Pow(2.0 / 9, 3) * 2 / 9 * 2 / 9), scores[0], 12);
        Assert.Equal(1, model.Predict(Test));
        Assert.Equal(6, model.FeatureCount);
    }

    [Fact]
    public void Unseen_features_are_ignored_and_smoothing_follows_alpha()
    {
        var model = NaiveBayes.Fit(Training, Labels, 2, alpha: 0.5);
        var withUnseen = model.Scores(["chinese", "never-seen"]);
        var without = model.Scores(["chinese"]);
        Assert.Equal(without, withUnseen);
        // θ(chinese | c) = (5 + 0.5) / (8 + 0.5·6), prior 3/4.
        Assert.Equal(Math.Log(0.75) + Math.Log(5.5 / 11), without[1], 12);
    }

    [Fact]
    public void A_class_without_documents_is_never_predicted()
    {
        var model = NaiveBayes.Fit(Training, Labels, 3);
        Assert.Equal(double.NegativeInfinity, model.Scores(Test)[2]);
        Assert.NotEqual(2, model.Predict([]));
    }

    [Theory]
    [InlineData("ann", 1, 1, "", true, "a n n")]
    [InlineData("ann", 1, 2, "", true, "a n n ^a an nn n$")]
    [InlineData("ab", 1, 4, "", true, "a b ^a ab b$ ^ab ab$ ^ab$")]
    [InlineData("ab", 2, 2, "", false, "ab")]
    [InlineData("a", 3, 4, "", false, "")]
    public void Char_ngrams(string text, int minN, int maxN, string separator, bool boundaries, string expected)
        => Assert.Equal(expected.Length == 0 ? [] : expected.Split(' '), NGrams.Extract(text.Select(c => c.ToString()).ToArray(), minN, maxN, separator, boundaries));

    [Fact]
    public void Word_ngrams_join_with_the_separator()
        => Assert.Equal(["the cat", "cat sat"], NGrams.Extract(["the", "cat", "sat"], 2, 2, " ", boundaries: false));
}
