namespace Elman.Training;

/// <summary>
/// Where a trainer's wall time went in this process (a resumed run counts from its resumption): assembling
/// batches from the data set, forward and backward passes (the matrix kernels), clipping plus the optimiser's
/// update (and the weight average, if any), and validation passes. The rest of an epoch (shuffling, reports,
/// checkpoints) is what <see cref="EpochReport.Elapsed"/> holds beyond their sum.
/// </summary>
/// <param name="Batches">Copying each step's sequences into the batch buffers.</param>
/// <param name="Gradients">Forward pass, loss and BPTT.</param>
/// <param name="Updates">Gradient clipping, the optimiser step and the weight average.</param>
/// <param name="Validation">Evaluating the validation split after each epoch.</param>
public readonly record struct TrainingTimes(TimeSpan Batches, TimeSpan Gradients, TimeSpan Updates, TimeSpan Validation)
{
    /// <summary>The four together.</summary>
    public TimeSpan Total => Batches + Gradients + Updates + Validation;

    /// <summary>Element-wise sum, for the members of an ensemble.</summary>
    public static TrainingTimes operator +(TrainingTimes a, TrainingTimes b)
        => new(a.Batches + b.Batches, a.Gradients + b.Gradients, a.Updates + b.Updates, a.Validation + b.Validation);
}
