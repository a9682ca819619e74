namespace Elman.Runs;

/// <summary>When and where a run writes its training state, and how many checkpoints it keeps.</summary>
/// <param name="Folder">The checkpoint folder; null when the run writes none (not even on interruption).</param>
/// <param name="EverySteps">A checkpoint every this many optimiser steps (0 = not by steps).</param>
/// <param name="EveryEpochs">A checkpoint at the end of every this many epochs (0 = not by epochs).</param>
/// <param name="Keep">How many of the newest checkpoints are kept.</param>
public sealed record CheckpointPolicy(string? Folder = null, int EverySteps = 0, int EveryEpochs = 0, int Keep = 3)
{
    /// <summary>No checkpoints.</summary>
    public static CheckpointPolicy None { get; } = new();

    /// <summary>Whether checkpoints are written while training (not only on interruption).</summary>
    public bool Periodic => EverySteps > 0 || EveryEpochs > 0;
}
