using Elman.Model;
using Elman.Numerics;
using Elman.Training;

namespace Elman.Runs;

/// <summary>Everything the members of one run share: settings, data, network shape, threads, checkpoints, observer.</summary>
/// <param name="Run">The run.</param>
/// <param name="Data">Its prepared data.</param>
/// <param name="Config">Every member's network.</param>
/// <param name="Pool">Threads for the matrix products.</param>
/// <param name="Checkpoints">Where states go, and what to resume from; null for none.</param>
/// <param name="Observer">Told what happens.</param>
/// <param name="Cancellation">Stops training between steps.</param>
public sealed record MemberContext(TrainingRun Run, PreparedData Data, RnnConfig Config, WorkerPool Pool, CheckpointSink? Checkpoints, IRunObserver Observer, CancellationToken Cancellation);

/// <summary>
/// One member of a run as a unit of work: a model from the member's seed (run seed + member) trained on the
/// run's data, or continued from a state. Its result depends only on the run, the member and the thread count.
/// </summary>
public static class MemberTraining
{
    /// <summary>
    /// Trains member <paramref name="member"/>, or continues it from <paramref name="state"/> (a finished state only
    /// restores it). Returns the result and whether training finished (false: cancelled, with the trainer's position kept).
    /// </summary>
    public static (MemberResult Result, Trainer Trainer, bool Finished) Train(MemberContext context, int member, TrainingState? state, string? statePath)
    {
        var run = context.Run;
        ulong seed = run.Seed + (ulong)member;
        var model = state is null ? run.Model.CreateModel(context.Config, seed) : new RnnClassifier<float>(context.Config);
        model.Pool = context.Pool;
        var trainer = new Trainer(model, run.Optimization with { Seed = seed });
        if (context.Data.BucketByLength) trainer.BatchOrder = new LengthBucketedBatchOrder();
        context.Checkpoints?.Attach(trainer, run.Ensemble > 1 ? member : null, context.Data.ModelMetadata);
        if (state is not null)
        {
            state.CheckFits(run.Optimization, context.Data.Train.Count);
            trainer.Restore(state);
            context.Observer.Resumed(member, state, statePath!);
        }
        if (!trainer.Finished)
        {
            var epochs = context.Data.TrainingEpochs(seed);
            context.Observer.Train(trainer, model, context.Data, member, () => trainer.Fit(epochs, context.Data.Validation, context.Cancellation));
        }
        var result = new MemberResult(member, seed, model, trainer.Reports, trainer.BestEpoch, trainer.CaptureState(), trainer.Times);
        return (result, trainer, trainer.Finished);
    }
}
