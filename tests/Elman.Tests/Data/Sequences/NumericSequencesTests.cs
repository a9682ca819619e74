using Elman.Data;
using Elman.Data.Sequences;
using Elman.Data.Text;
using Elman.IO;

namespace Elman.Tests.Data.Sequences;

public class NumericSequencesTests
{
    // x [3, 2, 2]: sequence n holds 10n + 1, 10n + 2, … at its valid steps.
    static NumericSequences Three() => new("t", [1, 2, 3, 4, 11, 12, 99, 99, 21, 22, 23, 24], 3, 2, 2, [2, 1, 2], [1, 0, 1], ["a", "b"]);

    [Fact]
    public void Padding_is_zeroed_and_shapes_carry_into_a_dataset()
    {
        var data = Three();
        Assert.Equal([1f, 2, 3, 4, 11, 12, 0, 0, 21, 22, 23, 24], data.X);
        var dataset = data.ToDataset();
        Assert.Same(data.X, dataset.X);
        Assert.Equal((3, 2, 2, 2), (dataset.Count, dataset.Steps, dataset.InputSize, dataset.NumClasses));
        Assert.Equal(["a", "b"], dataset.ClassNames);
    }

    [Fact]
    public void A_subset_copies_the_chosen_sequences_in_order()
    {
        var subset = Three().ToDataset([2, 1]);
        Assert.Equal([21f, 22, 23, 24, 11, 12, 0, 0], subset.X!);
        Assert.Equal([2, 1], subset.Lengths);
        Assert.Equal([1, 0], subset.Labels);
    }

    [Fact]
    public void The_split_is_the_stratified_split_of_the_labels()
    {
        var labels = Enumerable.Range(0, 40).Select(i => i % 2).ToArray();
        var data = new NumericSequences("t", new float[40], 40, 1, 1, Enumerable.Repeat(1, 40).ToArray(), labels, ["0", "1"]);
        Assert.Equal(DatasetSplit.Stratified(labels, SplitFractions.Default, 7), data.Split(SplitFractions.Default, 7), new SplitComparer());
    }

    sealed class SplitComparer : IEqualityComparer<DatasetSplit>
    {
        public bool Equals(DatasetSplit? a, DatasetSplit? b) => a!.Train.SequenceEqual(b!.Train) && a.Validation.SequenceEqual(b.Validation) && a.Test.SequenceEqual(b.Test);
        public int GetHashCode(DatasetSplit s) => 0;
    }

    [Fact]
    public void Classes_of_a_test_file_line_up_with_the_training_files()
    {
        var train = new NumericSequences("train", [1, 2, 3], 3, 1, 1, [1, 1, 1], [0, 1, 2], ["1", "2", "10"]);
        var test = new NumericSequences("test", [1, 2], 2, 1, 1, [1, 1], [0, 1], ["10", "3"]);
        var merged = NumericSequences.MergeClassNames(train, test);
        Assert.Equal(["1", "2", "3", "10"], merged);
        Assert.Equal([0, 1, 3], train.WithClasses(merged).Labels);
        Assert.Equal([3, 2], test.WithClasses(merged).Labels);

        var e = Assert.Throws<ElmanException>(() => test.WithClasses(train.ClassNames));
        Assert.Equal("test: y[1] is class '3', which is not one of the 3 expected classes (1, 2, 10)", e.Message);
    }

    [Theory]
    [InlineData(new[] { 0, 1 }, new[] { 0, 0 }, "t: lengths[0] = 0, expected 1 ≤ length ≤ T = 2")]
    [InlineData(new[] { 2, 3 }, new[] { 0, 0 }, "t: lengths[1] = 3, expected 1 ≤ length ≤ T = 2")]
    [InlineData(new[] { 2, 2 }, new[] { 0, 2 }, "t: y[1] = 2, expected a class index in [0, 2)")]
    public void Invalid_lengths_and_labels_are_named(int[] lengths, int[] labels, string expected)
        => Assert.Equal(expected, Assert.Throws<ElmanException>(() => new NumericSequences("t", new float[4], 2, 2, 1, lengths, labels, ["a", "b"])).Message);

    [Fact]
    public void A_safetensors_batch_reads_back_what_was_written()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "b.safetensors");
        float[] x = [1, 2, 3, 4, 5, 6];   // [3, 2, 1]
        BatchFile.Write(path, SequenceBatch<float>.Dense(x, 3, 2, 1, new[] { 2, 1, 2 }, new[] { 4, 0, 4 }));

        var data = NumericSequenceFile.Read(path);

        Assert.Equal([1f, 2, 3, 0, 5, 6], data.X);
        Assert.Equal([2, 1, 2], data.Lengths);
        Assert.Equal(["0", "4"], data.ClassNames);
        Assert.Equal([1, 0, 1], data.Labels);
    }

    [Fact]
    public void Unknown_extensions_are_refused_with_the_known_ones()
    {
        using var folder = new TempFolder();
        string path = folder.Write("d.json", "{}");
        var e = Assert.Throws<ElmanException>(() => NumericSequenceFile.Read(path));
        Assert.Equal($"{path}: unknown data file type '.json', expected .npz, NAME.x.npy, .safetensors, .csv, .tsv, .txt (UCR) or .ts", e.Message);
    }
}
