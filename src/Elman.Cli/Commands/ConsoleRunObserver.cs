using System.Diagnostics;
using System.Globalization;
using Elman.Data.Text;
using Elman.Model;
using Elman.Runs;
using Elman.Training;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>What <c>elman train</c> shows while a run goes: the data and model, each member, per-epoch lines and a live bar, resumption and interruption.</summary>
sealed class ConsoleRunObserver(CheckpointSink sink, string outPath) : IRunObserver
{
    readonly Stopwatch _clock = new();
    GradientTracker? _tracker;

    /// <summary>Time since the data were ready.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public void Log(string message) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");

    public void DataReady(TrainingRun run, PreparedData data, RnnConfig config)
    {
        var o = run.Optimization;
        string threads = $"{run.Threads} thread(s)";
        if (run.Data is SyntheticData s)
        {
            AnsiConsole.MarkupLine($"[bold]elman train[/]: task {s.Task}, T = {s.Length}, {s.TrainSize:N0} training / {s.TestSize:N0} validation / {s.TestSize:N0} test sequences");
            AnsiConsole.MarkupLine($"model: {Markup.Escape(config.ToJson())}, {new ParameterLayout(config).TotalLength:N0} parameters; W_hh init {run.Model.DescribeInit()}; {o.Optimizer} lr {o.LearningRate}{(o.Clip == ClipMode.None ? "" : $", clip {o.Clip.ToString().ToLowerInvariant()} {o.ClipThreshold}")}, batch {o.BatchSize}, seed {run.Seed}, {threads}");
            if (!config.IsRegression && (o.ClassWeight == ClassWeighting.Balanced || o.SelectBy != ValidationMetric.Loss))
                AnsiConsole.MarkupLine(Criterion(o, data));
        }
        else
        {
            if (run.Sequences is not null) PrintSequences(run, data);
            else PrintText(run, data);
            string clip = o.Clip == ClipMode.None ? "off" : o.ClipThreshold.ToString(CultureInfo.InvariantCulture);
            double tokenDropout = run.Text?.TokenDropout ?? 0;
            AnsiConsole.MarkupLine($"model: {Markup.Escape(config.ToJson())}, {new ParameterLayout(config).TotalLength:N0} parameters");
            AnsiConsole.MarkupLine($"training: {o.Optimizer} lr {o.LearningRate.ToString(CultureInfo.InvariantCulture)}, batch {o.BatchSize}{(data.BucketByLength ? " (bucketed by length)" : "")}, clip {clip}, patience {o.Patience}" +
                $"{(tokenDropout > 0 ? $", token dropout {tokenDropout.ToString(CultureInfo.InvariantCulture)}" : "")}{(o.EmaDecay > 0 ? $", weight average (EMA) {o.EmaDecay.ToString(CultureInfo.InvariantCulture)}" : "")}, seed {run.Seed}, {threads}");
            if (o.ClassWeight == ClassWeighting.Balanced || o.SelectBy != ValidationMetric.Loss)
                AnsiConsole.MarkupLine(Criterion(o, data));
            if (run.Ensemble > 1)
                AnsiConsole.MarkupLine($"ensemble: {run.Ensemble} models with seeds {run.Seed}…{run.Seed + (ulong)run.Ensemble - 1} on this split, merged into one RNN of {run.Ensemble} × {run.Model.Hidden} units (mean of their logits)");
            if (data.Validation is null) AnsiConsole.MarkupLine("[yellow]the validation split is empty: no early stopping, the last epoch's weights are kept[/]");
        }
        _clock.Start();
    }

    // The weighted loss and the selection metric, when either differs from the default.
    static string Criterion(TrainingOptions o, PreparedData data)
    {
        string weights = o.ClassWeight != ClassWeighting.Balanced ? "plain mean cross-entropy"
            : "balanced class weights (N / (C·n_c) from the training split): " + string.Join(", ", BalancedClassWeights.From(data.Train.Labels, data.Outputs)
                .Select((w, k) => $"{Markup.Escape(data.ClassNames[k])} {w.ToString("G4", CultureInfo.InvariantCulture)}"));
        return $"loss: {weights}; kept epoch: {(o.SelectBy.LowerIsBetter() ? "lowest" : "highest")} validation {o.SelectBy.Describe()}";
    }

    public void MemberStarting(int member, int members, ulong seed)
    {
        if (members > 1) AnsiConsole.MarkupLine($"[bold]member {member + 1} of {members}[/] (seed {seed})");
    }

    public void Resumed(int member, TrainingState state, string path)
    {
        if (state.Finished)
        {
            AnsiConsole.MarkupLine($"finished before the checkpoint: restored ({state.Reports.Count} epochs, keeping epoch {state.BestEpoch})");
            return;
        }
        AnsiConsole.MarkupLine($"resuming from {Markup.Escape(path)}: epoch {state.Epoch}, step {state.Step}, {state.OptimizerSteps:N0} updates done");
        if (sink.Resume is { } r && r.Threads != sink.Run.Threads)
            AnsiConsole.MarkupLine($"[yellow]the checkpoint was trained with {r.Threads} thread(s), this run uses {sink.Run.Threads}: the result will not be bit-identical to an uninterrupted run[/]");
    }

    public void Train(Trainer trainer, RnnClassifier<float> model, PreparedData data, int member, Action fit)
    {
        if (sink.Run.Outputs.TrackGradients && data.Validation is { } probe) _tracker = GradientTracker.Attach(trainer, model, probe, outPath);
        bool text = sink.Run.Data.IsText, regression = model.Config.IsRegression;
        ProgressView.Run(sink.Run.Optimization.Epochs, trainer, report => text
            ? $"epoch {report.Epoch,3}  train loss {report.TrainLoss:F4} acc {report.TrainAccuracy:P1}" +
              (report.Validation is { } v ? $"  validation loss {v.Loss:F4} acc {v.Accuracy:P2} F1 {v.MacroF1:F4}{(report.IsBest ? " *" : "  ")}" : "") +
              $"  {report.Elapsed.TotalSeconds:F0} s"
            : regression
                ? $"epoch {report.Epoch,3}  train mse {report.TrainLoss:F5}  validation mse {report.Validation!.Loss:F5}{(report.IsBest ? " *" : "  ")}  |g| {report.MeanGradientNorm:G3}"
                : $"epoch {report.Epoch,3}  train loss {report.TrainLoss:F4} acc {report.TrainAccuracy:P1}  validation loss {report.Validation!.Loss:F4} acc {report.Validation.Accuracy:P2} F1 {report.Validation.MacroF1:F4}{(report.IsBest ? " *" : "  ")}  |g| {report.MeanGradientNorm:G3}{(report.SkippedSteps > 0 ? $"  skipped {report.SkippedSteps} non-finite steps" : "")}",
            fit);
    }

    public void Interrupted(string? checkpoint, string? folder)
        => AnsiConsole.MarkupLine($"[yellow]interrupted[/]: training state written to {Markup.Escape(checkpoint ?? "nowhere")}; continue with: elman train --resume {Markup.Escape(folder ?? "")}");

    /// <summary>Writes the gradient-tracking files, when tracking was asked for.</summary>
    public void FinishTracking()
    {
        foreach (var path in _tracker?.Finish() ?? []) AnsiConsole.MarkupLine($"wrote {Markup.Escape(path)}");
    }

    static void PrintSequences(TrainingRun run, PreparedData data)
    {
        AnsiConsole.MarkupLine($"[bold]elman train[/]: {Markup.Escape(run.Data.Name)} — numeric sequences, D = {data.InputSize}, T ≤ {data.MaxSteps}, {data.ClassNames.Count} classes");
        string split = run.Data is not NumericFileData { TestPath: { } testPath } ? $"split {SplitFractions.Parse(run.Sequences!.Split)} by seed {run.Seed}, stratified" : $"test set {Markup.Escape(testPath)}";
        AnsiConsole.MarkupLine($"{data.Train.Count:N0} training / {data.Validation?.Count ?? 0:N0} validation / {data.Test.Count:N0} test sequences ({split}); " +
            $"features {(run.Sequences!.Normalization == Elman.Data.Sequences.NormalizationKind.Standard ? "standardised with the training split's mean and std (stored in the model)" : "as they are")}; read in {data.Elapsed.TotalSeconds:F1} s");
    }

    static void PrintText(TrainingRun run, PreparedData prepared)
    {
        var data = prepared.Text!;
        var settings = run.Text!;
        var split = data.Split;
        string? description = run.Data is CorpusData c ? Elman.Datasets.CorpusCatalog.Get(c.Corpus).Description : null;
        if (prepared.SkippedRows > 0)
            AnsiConsole.MarkupLine($"[yellow]skipped {prepared.SkippedRows:N0} malformed row{(prepared.SkippedRows == 1 ? "" : "s")}[/]; first: {Markup.Escape(prepared.FirstSkippedProblem!)}");
        int total = split.Train.Length + split.Validation.Length + split.Test.Length;
        AnsiConsole.MarkupLine($"[bold]elman train[/]: {Markup.Escape(run.Data.Name)}{(description is null ? "" : $" — {Markup.Escape(description)}")}");
        var perClass = string.Join(", ", data.ClassNames.Select((name, k) => $"{name} {data.Labels.Count(l => l == k):N0}"));
        AnsiConsole.MarkupLine($"{total:N0} examples ({Markup.Escape(perClass)}); split {SplitFractions.Parse(settings.Split)} by seed {run.Seed}: {split.Train.Length:N0} training / {split.Validation.Length:N0} validation / {split.Test.Length:N0} test, stratified");
        var lengths = data.Tokens.Select(t => t.Count).Order().ToArray();
        int truncated = lengths.Count(l => l > settings.MaxLength);
        AnsiConsole.MarkupLine($"{data.Encoder.Tokenizer.Name} tokens: vocabulary {data.Encoder.Vocabulary.Count:N0} ids from the training split (min-freq {settings.MinFrequency}{(settings.MaxVocabulary > 0 ? $", max {settings.MaxVocabulary:N0}" : "")}); " +
            $"lengths median {lengths[lengths.Length / 2]:N0}, p90 {lengths[(int)(lengths.Length * 0.9)]:N0}, max {lengths[^1]:N0}; {100.0 * truncated / lengths.Length:F1} % truncated to their {(settings.KeepTokens == KeepTokens.Last ? "last" : "first")} {settings.MaxLength:N0}; read in {prepared.Elapsed.TotalSeconds:F1} s");
    }
}
