using Elman.Data;
using Elman.Numerics;

namespace Elman.Training;

/// <summary>
/// Decides which training sequences share a batch in an epoch: it fills <c>order</c> with a permutation
/// of the dataset's indices, and the trainer takes consecutive slices of <c>batchSize</c> as batches
/// (the last one may be shorter). All randomness must come from <c>random</c>, so runs stay reproducible.
/// </summary>
public interface IBatchOrder
{
    /// <summary>Fills <paramref name="order"/> (length N) with this epoch's permutation of 0..N-1.</summary>
    void Arrange(SequenceDataset data, Span<int> order, int batchSize, SeededRandom random);
}

/// <summary>A uniformly random permutation every epoch (Fisher–Yates): the default.</summary>
public sealed class ShuffledBatchOrder : IBatchOrder
{
    /// <inheritdoc/>
    public void Arrange(SequenceDataset data, Span<int> order, int batchSize, SeededRandom random)
    {
        for (int i = 0; i < order.Length; i++) order[i] = i;
        random.Shuffle(order);
    }
}
