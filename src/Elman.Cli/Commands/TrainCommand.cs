using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Elman.Data;
using Elman.Data.Tasks;
using Elman.Model;
using Elman.Numerics;
using Elman.Training;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary><c>elman train</c>: fit a classifier on a built-in task or on text (<see cref="TextTraining"/>) and write it as safetensors.</summary>
static class TrainCommand
{
    public static Command Create()
    {
        var modelOptions = new ModelOptions();
        var optimization = new OptimizationOptions();
        var checkpoints = new CheckpointOptions();
        var task = new Option<string>("--task") { Description = $"Built-in synthetic task, generated from the seed (no download): {string.Join(", ", BuiltinTasks.All.Select(t => t.Name))}", DefaultValueFactory = _ => BuiltinTasks.Default };
        var length = new Option<int>("--length") { Description = "Sequence length T of the task", DefaultValueFactory = _ => 30 };
        var trainSize = new Option<int>("--train-size") { Description = "Training sequences to generate", DefaultValueFactory = _ => 10_000 };
        var testSize = new Option<int>("--test-size") { Description = "Validation and test sequences to generate (each)", DefaultValueFactory = _ => 2_000 };
        var threads = CommonOptions.Threads();
        var output = new Option<string>("--out", "-o") { Description = "Where to write the model (atomically: temp file + rename)", DefaultValueFactory = _ => "model.safetensors" };
        var trackGradients = new Option<bool>("--track-gradients") { Description = $"After every epoch, measure ‖W_hh‖₂, the gradient norm and ‖∂ℓ/∂h_i‖₂ per lag on {GradientTracker.ProbeSize} validation sequences; writes <out>.gradients.csv and <out>.gradients.png next to the model" };

        var text = new TextOptions();

        var command = new Command("train", "Train an Elman RNN classifier and write it as a safetensors checkpoint: on a built-in synthetic task, a public text corpus (--dataset) or your own labelled texts (--data). With no options: temporal order, T = 30, which reaches ≥ 99 % test accuracy in well under a minute. For text, --hidden, --epochs, --lr, --batch, --clip and --patience default to the dataset's settings.")
        {
            task, length, trainSize, testSize, threads, output, trackGradients,
        };
        modelOptions.AddTo(command);
        optimization.AddTo(command);
        foreach (var option in text.All) command.Options.Add(option);
        checkpoints.AddTo(command);
        command.SetAction(invocation =>
        {
            var (state, statePath, parse) = checkpoints.Resume(invocation, command);
            if (text.Requested(parse))
                return TextTraining.Run(parse, text, new CoreTrainOptions(modelOptions, optimization, threads, output, task, checkpoints, state, statePath));
            text.RefuseWithoutText(parse);
            var synthetic = BuiltinTasks.Get(parse.GetValue(task)!);
            int steps = CommonOptions.InRange(parse.GetValue(length), "--length", 1, 1_000_000);
            var config = modelOptions.Read(parse, 0, synthetic.InputSize, synthetic.Outputs, synthetic.Head);
            var options = optimization.Read(parse);
            string outPath = parse.GetValue(output)!;
            CheckWritable(outPath);
            int nTrain = CommonOptions.InRange(parse.GetValue(trainSize), "--train-size", 1, 100_000_000);
            int nTest = CommonOptions.InRange(parse.GetValue(testSize), "--test-size", 1, 100_000_000);
            MemoryEstimate.EnsureFits(config, options.BatchSize, steps, options.Optimizer is OptimizerKind.Adam or OptimizerKind.AdamW ? 2 : 1);
            using var pool = CommonOptions.CreatePool(parse.GetValue(threads));
            var model = state is null ? modelOptions.CreateModel(parse, config, options.Seed) : new RnnClassifier<float>(config);
            var resume = new Resumption(parse, checkpoints, state, statePath);
            return Run(synthetic, steps, model, options, nTrain, nTest, pool, outPath, modelOptions.DescribeInit(parse), parse.GetValue(trackGradients), resume);
        });
        return command;
    }

    /// <summary>The checkpoint side of a run: where to write checkpoints, and what to resume from (null state for a fresh run).</summary>
    sealed record Resumption(ParseResult Parse, CheckpointOptions Options, TrainingState? State, string? Path);

    static int Run(SyntheticTask synthetic, int steps, RnnClassifier<float> model, TrainingOptions options, int nTrain, int nTest, WorkerPool pool, string outPath, string init, bool trackGradients, Resumption resume)
    {
        var config = model.Config;
        var train = synthetic.Generate(nTrain, steps, SeededRandom.Derive(options.Seed, 10));
        var validation = synthetic.Generate(nTest, steps, SeededRandom.Derive(options.Seed, 11));
        var test = synthetic.Generate(nTest, steps, SeededRandom.Derive(options.Seed, 12));
        model.Pool = pool;
        AnsiConsole.MarkupLine($"[bold]elman train[/]: task {synthetic.Name}, T = {steps}, {nTrain:N0} training / {nTest:N0} validation / {nTest:N0} test sequences");
        AnsiConsole.MarkupLine($"model: {Markup.Escape(config.ToJson())}, {model.Layout.TotalLength:N0} parameters; W_hh init {init}; {options.Optimizer} lr {options.LearningRate}{(options.Clip == ClipMode.None ? "" : $", clip {options.Clip.ToString().ToLowerInvariant()} {options.ClipThreshold}")}, batch {options.BatchSize}, seed {options.Seed}, {pool.ThreadCount} thread(s)");

        var metadata = new Dictionary<string, string>
        {
            [MetadataKeys.Task] = synthetic.Name,
            [MetadataKeys.Length] = steps.ToString(),
            [MetadataKeys.Seed] = options.Seed.ToString(),
            [MetadataKeys.ClassNames] = JsonSerializer.Serialize(synthetic.ClassNames),
            [MetadataKeys.ElmanVersion] = VersionInfo.Version,
        };
        var trainer = new Trainer(model, options);
        var folder = resume.Options.Configure(trainer, resume.Parse, outPath, pool.ThreadCount, metadata);
        if (resume.State is { } state)
        {
            trainer.Restore(state);
            trainer.LastGoodCheckpoint = resume.Path;
            AnsiConsole.MarkupLine($"resuming from {Markup.Escape(resume.Path!)}: epoch {state.Epoch}, step {state.Step}, {state.OptimizerSteps:N0} updates done");
            if (state.Metadata.TryGetValue(CheckpointOptions.ThreadsKey, out var saved) && saved != pool.ThreadCount.ToString())
                AnsiConsole.MarkupLine($"[yellow]the checkpoint was trained with {Markup.Escape(saved)} thread(s), this run uses {pool.ThreadCount}: the result will not be bit-identical to an uninterrupted run[/]");
        }
        var tracker = trackGradients ? GradientTracker.Attach(trainer, model, validation, outPath) : null;
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        var clock = Stopwatch.StartNew();
        try
        {
            ProgressView.Run(options.Epochs, trainer, report =>
                config.IsRegression
                    ? $"epoch {report.Epoch,3}  train mse {report.TrainLoss:F5}  validation mse {report.Validation!.Loss:F5}{(report.IsBest ? " *" : "  ")}  |g| {report.MeanGradientNorm:G3}"
                    : $"epoch {report.Epoch,3}  train loss {report.TrainLoss:F4} acc {report.TrainAccuracy:P1}  validation loss {report.Validation!.Loss:F4} acc {report.Validation.Accuracy:P2}{(report.IsBest ? " *" : "  ")}  |g| {report.MeanGradientNorm:G3}{(report.SkippedSteps > 0 ? $"  skipped {report.SkippedSteps} non-finite steps" : "")}",
                () => trainer.Fit(train, validation, cancel.Token));
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        foreach (var path in tracker?.Finish() ?? []) AnsiConsole.MarkupLine($"wrote {Markup.Escape(path)}");
        if (!trainer.Finished)
        {
            CheckpointOptions.WriteInterrupted(trainer, folder);
            return CommandRunner.Interrupted;
        }
        int bestEpoch = trainer.BestEpoch;
        var result = EvaluationResult.Evaluate(model, test);
        Reports.PrintEvaluation($"test (epoch {bestEpoch} weights, lowest validation loss)", result, synthetic.ClassNames);

        Checkpoint.Save(model, outPath, metadata);
        AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(outPath)}[/] in {clock.Elapsed.TotalSeconds:F1} s");
        return CommandRunner.Ok;
    }


    // Fail before training, not after, when the model could not be written.
    public static void CheckWritable(string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new ElmanException($"--out {path}: folder '{dir}' does not exist");
        if (Directory.Exists(full)) throw new ElmanException($"--out {path}: is a folder, expected a file path");
    }
}
