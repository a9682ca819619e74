namespace Elman.Model;

/// <summary>One data set a run generates or reads: N sequences of T steps of D values (D = 1 for token ids).</summary>
/// <param name="Name">What the set is, for messages ("training", "validation", "test").</param>
/// <param name="Count">N, the sequences.</param>
/// <param name="Steps">T, the (padded) steps of each.</param>
/// <param name="Width">D, the values per step (1 for token ids).</param>
public sealed record DataSetSize(string Name, long Count, long Steps, long Width);

/// <summary>
/// Everything a training run allocates, for <see cref="MemoryEstimate.EnsureRunFits"/>: the model of one
/// member trained on batches of <paramref name="Batch"/> × <paramref name="Steps"/>, its optimiser
/// buffers, <paramref name="Members"/> ensemble members merged at the end, and the data sets.
/// </summary>
/// <param name="Config">The shape of one model (one member).</param>
/// <param name="Batch">Sequences per training step.</param>
/// <param name="Steps">The longest sequence trained on.</param>
/// <param name="OptimizerBuffers">Optimiser buffers per parameter (0 SGD, 1 momentum/RMSprop, 2 Adam).</param>
/// <param name="Members">Ensemble members K ≥ 1; K members of width H merge into one of width K·H.</param>
/// <param name="DataSets">Every data set held at once.</param>
public sealed record RunFootprint(RnnConfig Config, int Batch, int Steps, int OptimizerBuffers, int Members, IReadOnlyList<DataSetSize> DataSets);
