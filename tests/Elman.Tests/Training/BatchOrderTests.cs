using Elman.Data;
using Elman.Numerics;
using Elman.Training;

namespace Elman.Tests.Training;

public class BatchOrderTests
{
    static SequenceDataset Ragged(int count, int maxLength, ulong seed)
    {
        var rng = new SeededRandom(seed);
        var lengths = Enumerable.Range(0, count).Select(_ => rng.NextInt(1, maxLength + 1)).ToArray();
        return SequenceDataset.FromTokens(new int[count * maxLength], count, maxLength, lengths, new int[count], ["a"]);
    }

    // Padding the model computes: Σ over batches of (max length · size − Σ lengths).
    static long Padding(SequenceDataset data, int[] order, int batchSize)
    {
        long padding = 0;
        for (int start = 0; start < order.Length; start += batchSize)
        {
            var batch = order.Skip(start).Take(batchSize).Select(i => data.Lengths[i]).ToArray();
            padding += (long)batch.Max() * batch.Length - batch.Sum();
        }
        return padding;
    }

    [Theory]
    [InlineData(1000, 32, 50)]
    [InlineData(999, 32, 4)]
    [InlineData(31, 32, 50)]
    [InlineData(200, 7, 1)]
    public void Bucketing_is_a_permutation_with_far_less_padding(int count, int batchSize, int poolBatches)
    {
        var data = Ragged(count, 100, 1);
        var order = new int[count];
        new LengthBucketedBatchOrder(poolBatches).Arrange(data, order, batchSize, new SeededRandom(2));
        Assert.Equal(Enumerable.Range(0, count), order.Order());
        var shuffled = new int[count];
        new ShuffledBatchOrder().Arrange(data, shuffled, batchSize, new SeededRandom(2));
        // One batch per pool only sorts within the batch: its padding is the shuffle's; bigger pools cut it.
        int factor = poolBatches == 1 ? 1 : 3;
        if (count > batchSize) Assert.True(Padding(data, order, batchSize) * factor <= Padding(data, shuffled, batchSize), $"{Padding(data, order, batchSize)} vs {Padding(data, shuffled, batchSize)}");
    }

    [Fact]
    public void Bucketing_is_fixed_by_the_random_stream_and_changes_between_epochs()
    {
        var data = Ragged(500, 40, 3);
        int[] Arrange(SeededRandom random)
        {
            var order = new int[500];
            new LengthBucketedBatchOrder(5).Arrange(data, order, 16, random);
            return order;
        }
        var a = new SeededRandom(9);
        var b = new SeededRandom(9);
        var first = Arrange(a);
        Assert.Equal(first, Arrange(b));
        Assert.NotEqual(first, Arrange(a));   // the next epoch
    }

    [Fact]
    public void The_default_order_is_a_plain_shuffle()
    {
        var data = Ragged(50, 5, 4);
        var order = new int[50];
        new ShuffledBatchOrder().Arrange(data, order, 8, new SeededRandom(5));
        var expected = Enumerable.Range(0, 50).ToArray();
        new SeededRandom(5).Shuffle(expected.AsSpan());
        Assert.Equal(expected, order);
    }
}
