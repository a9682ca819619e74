using Elman.Data.Text;

namespace Elman.Tests.Data.Text;

public class DatasetSplitTests
{
    static int[] Labels(params int[] perClass) => [.. perClass.SelectMany((n, c) => Enumerable.Repeat(c, n))];

    [Theory]
    [InlineData(new[] { 100, 50 }, 80, 10, 10, 0UL)]
    [InlineData(new[] { 4951, 3898 }, 80, 10, 10, 1UL)]
    [InlineData(new[] { 7, 3, 1 }, 80, 10, 10, 2UL)]
    [InlineData(new[] { 30, 30, 30 }, 60, 20, 20, 3UL)]
    [InlineData(new[] { 10, 20 }, 1, 0, 0, 4UL)]
    public void Splits_are_disjoint_complete_and_stratified(int[] perClass, double train, double validation, double test, ulong seed)
    {
        var labels = Labels(perClass);
        var split = DatasetSplit.Stratified(labels, new SplitFractions(train, validation, test), seed);
        var all = split.Train.Concat(split.Validation).Concat(split.Test).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, labels.Length), all);
        double sum = train + validation + test;
        for (int c = 0; c < perClass.Length; c++)
        {
            // The reference: each class's share rounded on its own, training keeps at least one.
            int n = perClass[c];
            int inTest = split.Test.Count(i => labels[i] == c), inValidation = split.Validation.Count(i => labels[i] == c);
            Assert.True(Math.Abs(inTest - n * test / sum) <= 1, $"class {c}: {inTest} test of {n}");
            Assert.True(Math.Abs(inValidation - n * validation / sum) <= 1, $"class {c}: {inValidation} validation of {n}");
            Assert.True(split.Train.Count(i => labels[i] == c) >= 1);
        }
        Assert.All(new[] { split.Train, split.Validation, split.Test }, part => Assert.Equal(part.Order(), part));
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        var labels = Labels(60, 40);
        var a = DatasetSplit.Stratified(labels, SplitFractions.Default, 5);
        var b = DatasetSplit.Stratified(labels, SplitFractions.Default, 5);
        var c = DatasetSplit.Stratified(labels, SplitFractions.Default, 6);
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Validation, b.Validation);
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(a.Test, c.Test);
    }

    [Fact]
    public void Groups_never_straddle_two_splits()
    {
        // 40 groups of 5 examples, labelled by group.
        var labels = Enumerable.Range(0, 200).Select(i => i / 5 % 2).ToArray();
        var groups = Enumerable.Range(0, 200).Select(i => $"g{i / 5}").ToArray();
        var split = DatasetSplit.Stratified(labels, SplitFractions.Default, 0, groups);
        var where = new Dictionary<string, string>();
        foreach (var (name, part) in new[] { ("train", split.Train), ("validation", split.Validation), ("test", split.Test) })
            foreach (var i in part)
                Assert.Equal(name, where.TryAdd(groups[i], name) ? name : where[groups[i]]);
        Assert.Equal(4, split.Test.Length / 5);   // 10 % of 40 groups
        Assert.Equal(2, split.Test.Count(i => labels[i] == 0) / 5);
    }

    [Theory]
    [InlineData("80/10/10", "80/10/10")]
    [InlineData("8,1,1", "80/10/10")]
    [InlineData("70/15/15", "70/15/15")]
    [InlineData("100/0/0", "100/0/0")]
    public void Fractions_parse_and_print(string text, string printed)
    {
        var fractions = SplitFractions.Parse(text);
        Assert.Equal(printed, fractions.ToString());
        Assert.Equal(fractions, SplitFractions.Parse(fractions.ToExactString()));
    }

    [Fact]
    public void Exact_shares_survive_where_percentages_would_round()
    {
        var fractions = SplitFractions.Parse("1/1/1");
        Assert.Equal("33.3/33.3/33.3", fractions.ToString());
        Assert.Equal(fractions, SplitFractions.Parse(fractions.ToExactString()));
    }

    [Theory]
    [InlineData("80/20")]
    [InlineData("0/50/50")]
    [InlineData("80/-10/30")]
    [InlineData("a/b/c")]
    [InlineData("NaN/1/1")]
    public void Bad_fractions_name_the_option(string text)
        => Assert.Equal("Split", Assert.Throws<SettingException>(() => SplitFractions.Parse(text)).Property);
}
