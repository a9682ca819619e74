using Elman.Data.Text;

namespace Elman.Tests.Data.Text;

public class TextDatasetsTests
{
    static List<LabelledText> Examples(int n) =>
        [.. Enumerable.Range(0, n).Select(i => new LabelledText(i % 2 == 0 ? $"good fine nice w{i}" : $"bad awful w{i} poor ugly", i % 2 == 0 ? "pos" : "neg"))];

    [Fact]
    public void The_vocabulary_comes_from_the_training_split_only()
    {
        var examples = Examples(40);
        var data = TextDatasets.Build(examples, new TextDatasetOptions { Seed = 3 });
        var vocabulary = data.Encoder.Vocabulary.Tokens.ToHashSet();
        foreach (var i in data.Split.Train) Assert.Contains($"w{i}", vocabulary);
        foreach (var i in data.Split.Validation.Concat(data.Split.Test)) Assert.DoesNotContain($"w{i}", vocabulary);
    }

    [Fact]
    public void Sequences_are_the_encoded_texts_of_each_split()
    {
        var examples = Examples(30);
        var data = TextDatasets.Build(examples, new TextDatasetOptions { Seed = 1, MaxLength = 3 });
        Assert.Equal(["neg", "pos"], data.ClassNames);
        Assert.Equal(data.Split.Train.Length, data.Train.Count);
        for (int k = 0; k < data.Train.Count; k++)
        {
            int i = data.Split.Train[k];
            var expected = data.Encoder.Encode(examples[i].Text);
            Assert.Equal(expected.Length, data.Train.Lengths[k]);
            Assert.Equal(expected, data.Train.Tokens.AsSpan(k * data.Train.Steps, expected.Length).ToArray());
            Assert.Equal(examples[i].Label == "pos" ? 1 : 0, data.Train.Labels[k]);
        }
        Assert.True(data.Train.Steps <= 3);
        // Evaluation splits are stored shortest first.
        Assert.Equal(data.Test.Lengths.Order(), data.Test.Lengths);
    }

    [Theory]
    [InlineData(new[] { "10", "9", "100", "-1" }, new[] { "-1", "9", "10", "100" })]
    [InlineData(new[] { "b", "B", "a" }, new[] { "B", "a", "b" })]
    public void Class_names_are_ordered_numerically_or_ordinally(string[] labels, string[] expected)
        => Assert.Equal(expected, TextDatasets.ClassNamesOf(labels.Select(l => new LabelledText("x", l))));

    [Fact]
    public void One_class_only_is_refused()
    {
        var e = Assert.Throws<ElmanException>(() => TextDatasets.Build([new("a", "x"), new("b", "x")], new TextDatasetOptions()));
        Assert.Contains("'x'", e.Message);
        Assert.Contains("at least two", e.Message);
    }

    [Fact]
    public void A_label_outside_the_given_classes_is_refused()
        => Assert.Contains("'maybe'", Assert.Throws<ElmanException>(() =>
            TextDatasets.Build([new("a", "yes"), new("b", "maybe")], new TextDatasetOptions { ClassNames = ["no", "yes"] })).Message);
}
