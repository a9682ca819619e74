using System.CommandLine;
using System.Globalization;
using Elman.Data;
using Elman.Data.Text;
using Elman.Model;
using Elman.Numerics;
using Elman.Training;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>
/// The model or models of a text run (<c>--ensemble K</c>), trained one after another with seeds S…S+K−1 on the
/// same split. A resumed run continues the member its checkpoint belongs to and reads the finished ones back
/// from their final states; Ctrl-C writes those and the interrupted member's state, so nothing is lost.
/// </summary>
sealed class TextMembers(TextDatasets data, SequenceDataset? validation, RnnConfig config, TrainingOptions options, double tokenDropout, int members,
    ulong seed, WorkerPool pool, CoreTrainOptions core, ParseResult parse, string outPath)
{
    /// <summary>Every member trained (or restored), in seed order; null when Ctrl-C stopped the run.</summary>
    public List<(RnnClassifier<float> Model, Trainer Trainer)>? TrainAll()
    {
        // A resumed ensemble continues the member its checkpoint belongs to; the ones before it finished and are read back.
        int resumeMember = core.State?.Metadata.TryGetValue(CheckpointOptions.EnsembleMemberKey, out var saved) == true ? int.Parse(saved, CultureInfo.InvariantCulture) : 0;
        if (resumeMember >= members) throw new ElmanException($"{core.StatePath}: the checkpoint belongs to ensemble member {resumeMember + 1}, but the run has {members}");
        string? stateFolder = core.StatePath is null ? null : Path.GetDirectoryName(Path.GetFullPath(core.StatePath));
        bool periodic = core.Checkpoints.Periodic(parse);
        var trained = new List<(RnnClassifier<float> Model, Trainer Trainer)>();
        for (int m = 0; m < members; m++)
        {
            ulong memberSeed = seed + (ulong)m;
            if (members > 1) AnsiConsole.MarkupLine($"[bold]member {m + 1} of {members}[/] (seed {memberSeed})");
            TrainingState? state = m < resumeMember ? CheckpointFolder.ReadMember(stateFolder!, m) : m == resumeMember ? core.State : null;
            var member = state is null ? core.Model.CreateModel(parse, config, memberSeed) : new RnnClassifier<float>(config);
            member.Pool = pool;
            var trainer = new Trainer(member, options with { Seed = memberSeed }) { BatchOrder = new LengthBucketedBatchOrder() };
            var folder = Fit(trainer, state, new TokenDropout(data.Train, tokenDropout, memberSeed), members > 1 ? m : null);
            // A finished member's final state goes beside the checkpoints, unless it was read from there.
            void SaveFinished(int j) { if (j >= resumeMember || Path.GetFullPath(folder.Path) != stateFolder) folder.WriteMember(j, trained[j].Trainer.CaptureState()); }
            if (!trainer.Finished)
            {
                // Everything needed to resume: the finished members (already kept if checkpoints are periodic), then the interrupted one.
                if (members > 1 && !periodic)
                    for (int j = 0; j < trained.Count; j++) SaveFinished(j);
                CheckpointOptions.WriteInterrupted(trainer, folder);
                return null;
            }
            trained.Add((member, trainer));
            if (members > 1 && periodic) SaveFinished(m);
        }
        return trained;
    }

    // Trains one model, or continues it from state (a finished state only restores it); returns the checkpoint folder.
    // When Ctrl-C stopped it, trainer.Finished is false.
    CheckpointFolder Fit(Trainer trainer, TrainingState? state, TokenDropout dropout, int? member)
    {
        var stateMetadata = new Dictionary<string, string>();
        data.Encoder.WriteTo(stateMetadata);
        var folder = core.Checkpoints.Configure(trainer, parse, outPath, pool.ThreadCount, stateMetadata, member);
        if (state is not null)
        {
            trainer.Restore(state);
            trainer.LastGoodCheckpoint = core.StatePath;
            if (state.Finished)
            {
                AnsiConsole.MarkupLine($"finished before the checkpoint: restored ({state.Reports.Count} epochs, keeping epoch {state.BestEpoch})");
                return folder;
            }
            AnsiConsole.MarkupLine($"resuming from {Markup.Escape(core.StatePath!)}: epoch {state.Epoch}, step {state.Step}, {state.OptimizerSteps:N0} updates done");
        }
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            ProgressView.Run(options.Epochs, trainer, report =>
                $"epoch {report.Epoch,3}  train loss {report.TrainLoss:F4} acc {report.TrainAccuracy:P1}" +
                (report.Validation is { } v ? $"  validation loss {v.Loss:F4} acc {v.Accuracy:P2}{(report.IsBest ? " *" : "  ")}" : "") +
                $"  {report.Elapsed.TotalSeconds:F0} s",
                () => trainer.Fit(dropout.ForEpoch, validation, cancel.Token));
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        return folder;
    }
}
