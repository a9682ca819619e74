using Elman.Data;
using Elman.Data.Tasks;
using Elman.IO;
using Elman.Model;
using Elman.Numerics;
using Elman.Training;
using Elman.Layers;

namespace Elman.Tests.Reliability;

/// <summary>
/// A training run small enough to resume thousands of times a second: 40 temporal-order sequences of 10
/// steps, batches of 8 (5 steps an epoch), 3 epochs, validation, dropout and Adam, so every part of a
/// training state (optimiser buffers, both generators, best weights, reports) is exercised.
/// </summary>
public static class SmallRun
{
    public static readonly RnnConfig Config = new(0, TemporalOrderTask.InputSize, 5, 2, 4, Nonlinearity.Tanh, Dropout: 0.2);
    public static readonly SequenceDataset Train = TemporalOrderTask.Generate(40, 10, SeededRandom.Derive(3, 10));
    public static readonly SequenceDataset Validation = TemporalOrderTask.Generate(12, 10, SeededRandom.Derive(3, 11));

    public static TrainingOptions Options => new() { Epochs = 3, BatchSize = 8, LearningRate = 1e-2, Optimizer = OptimizerKind.Adam, Seed = 3 };

    /// <summary>The bytes of the checkpoint a run stopped after <paramref name="steps"/> updates would write.</summary>
    public static byte[] CheckpointAfter(int steps)
    {
        var model = RnnClassifier<float>.Create(Config, 3);
        var trainer = new Trainer(model, Options);
        using var stop = new CancellationTokenSource();
        trainer.StepCompleted = p => { if (p.TotalSteps == steps) stop.Cancel(); };
        trainer.Fit(Train, Validation, stop.Token);
        return trainer.CaptureState().ToFile().ToBytes();
    }

    /// <summary>
    /// Loads a checkpoint the way a resume does (parse, read the state, check it against the run, restore)
    /// and trains to the end; returns the final model file's bytes.
    /// </summary>
    public static byte[] Resume(byte[] checkpoint, string source = "ckpt.safetensors")
    {
        var state = TrainingState.FromFile(SafeTensorsFile.Parse(checkpoint, source));
        state.CheckFits(Options, Train.Count);
        var model = new RnnClassifier<float>(state.Config);
        var trainer = new Trainer(model, Options);
        trainer.Restore(state);
        trainer.Fit(Train, Validation);
        return Checkpoint.ToFile(model).ToBytes();
    }
}
