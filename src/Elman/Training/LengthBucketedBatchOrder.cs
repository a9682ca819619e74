using Elman.Data;
using Elman.Numerics;

namespace Elman.Training;

/// <summary>
/// Batches of similar lengths, so little time goes to padding (the model computes only up to each
/// batch's longest sequence): shuffle, cut into pools of <see cref="PoolBatches"/> batches, sort each
/// pool by length, cut it into batches, and shuffle the order of the full batches. Which sequences
/// meet in a batch still changes every epoch. A short remainder batch, if any, comes last.
/// </summary>
/// <param name="poolBatches">Batches per sorted pool: larger pools give tighter lengths but less random batches.</param>
public sealed class LengthBucketedBatchOrder(int poolBatches = 50) : IBatchOrder
{
    /// <summary>Batches per sorted pool.</summary>
    public int PoolBatches { get; } = poolBatches >= 1 ? poolBatches : throw new ArgumentOutOfRangeException(nameof(poolBatches), poolBatches, "expected ≥ 1");

    /// <inheritdoc/>
    public void Arrange(SequenceDataset data, Span<int> order, int batchSize, SeededRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        for (int i = 0; i < order.Length; i++) order[i] = i;
        random.Shuffle(order);
        var lengths = data.Lengths;
        int pool = PoolBatches * batchSize;
        for (int start = 0; start < order.Length; start += pool)
        {
            var slice = order.Slice(start, Math.Min(pool, order.Length - start)).ToArray();
            // Stable within equal lengths, so the shuffle above still decides their order.
            var sorted = slice.Select((index, position) => (index, position)).OrderBy(p => lengths[p.index]).ThenBy(p => p.position).Select(p => p.index).ToArray();
            sorted.CopyTo(order[start..]);
        }
        int fullBatches = order.Length / batchSize;
        var batchOrder = new int[fullBatches];
        for (int b = 0; b < fullBatches; b++) batchOrder[b] = b;
        random.Shuffle(batchOrder.AsSpan());
        var copy = order[..(fullBatches * batchSize)].ToArray();
        for (int b = 0; b < fullBatches; b++)
            copy.AsSpan(batchOrder[b] * batchSize, batchSize).CopyTo(order.Slice(b * batchSize, batchSize));
    }
}
