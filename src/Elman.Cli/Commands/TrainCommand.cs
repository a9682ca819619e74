using System.CommandLine;
using Elman.Cli.Plots;
using Elman.Cluster.Client;
using Elman.Data.Tasks;
using Elman.Datasets;
using Elman.IO;
using Elman.Model;
using Elman.Runs;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman train</c>: parse the options into a <see cref="TrainingRun"/> (or read one from --resume), hand it to the
/// library's <see cref="Runner"/>, print what it reports, write the model and its learning curve.
/// </summary>
static class TrainCommand
{
    public static Command Create()
    {
        var modelOptions = new ModelOptions();
        var optimization = new OptimizationOptions();
        var checkpoints = new CheckpointOptions();
        var text = new TextOptions();
        var sequences = new SequenceOptions();
        var task = new Option<string?>("--task") { Description = $"Built-in synthetic task, generated from the seed (no download): {string.Join(", ", BuiltinTasks.All.Select(t => t.Name))} (default {BuiltinTasks.Default})" };
        var length = new Option<int?>("--length") { Description = "Sequence length T of the task (default 30)" };
        var trainSize = new Option<int?>("--train-size") { Description = "Training sequences to generate (default 10000)" };
        var testSize = new Option<int?>("--test-size") { Description = "Validation and test sequences to generate (each; default 2000)" };
        var threads = CommonOptions.Threads();
        var output = new Option<string>("--out", "-o") { Description = "Where to write the model (atomically: temp file + rename)", DefaultValueFactory = _ => "model.safetensors" };
        var cluster = new ClusterOptions("ensemble's members");
        var trackGradients = new Option<bool>("--track-gradients") { Description = $"After every epoch, measure ‖W_hh‖₂, the gradient norm and ‖∂ℓ/∂h_i‖₂ per lag on {GradientTracker.ProbeSize} validation sequences; writes <out>.gradients.csv and <out>.gradients.png next to the model" };

        var command = new Command("train", "Train an Elman RNN classifier and write it as a safetensors checkpoint: on a built-in synthetic task, a public text corpus (--dataset) or your own labelled texts (--data). With no options: temporal order, T = 30, which reaches ≥ 99 % test accuracy in well under a minute. For text, --hidden, --epochs, --lr, --batch, --clip and --patience default to the dataset's settings.")
        {
            task, length, trainSize, testSize, threads, output, trackGradients,
        };
        cluster.AddTo(command);
        foreach (var option in modelOptions.All.Concat(optimization.All).Concat(text.All).Concat(sequences.All).Concat(checkpoints.All)) command.Options.Add(option);
        command.SetAction(parse =>
        {
            CheckpointSink sink;
            if (parse.GetValue(checkpoints.Resume) is { } resumePath)
            {
                var resettable = checkpoints.Resettable.Append(threads).Append(checkpoints.Resume);
                if (command.Options.Except(resettable).FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } other)
                    throw new ElmanException($"--resume continues a run with the options it was started with; {other.Name} cannot be given again (only --threads, --checkpoint-dir, --keep)");
                var resume = ResumePoint.Read(resumePath, out int stray);
                if (stray > 0) AnsiConsole.MarkupLine($"[grey]removed {stray} incomplete checkpoint write{(stray == 1 ? "" : "s")} left by an interrupted run[/]");
                sink = CheckpointSink.ResumeFrom(resume, run => run with
                {
                    Threads = parse.GetResult(threads) is { Implicit: false } ? parse.GetValue(threads) : run.Threads,
                    Checkpoints = checkpoints.Reset(parse, run.Checkpoints),
                });
            }
            else
            {
                var source = text.Source(parse, sequences);
                if (source is not null && parse.GetResult(task) is { Implicit: false }) throw new ElmanException("--task selects a synthetic task and cannot be combined with --dataset or --data");
                if (source is not null && new Option[] { length, trainSize, testSize }.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } synthetic)
                    throw new ElmanException($"{synthetic.Name} applies to synthetic tasks, not to --dataset or --data");
                source ??= new SyntheticData(BuiltinTasks.Get(parse.GetValue(task) ?? BuiltinTasks.Default).Name, parse.GetValue(length) ?? 30, parse.GetValue(trainSize) ?? 10_000, parse.GetValue(testSize) ?? 2_000);
                var defaults = RunDefaults.For(source, source is CorpusData c ? CorpusCatalog.Get(c.Corpus).Defaults : null);
                string outPath = parse.GetValue(output)!;
                sink = new CheckpointSink(defaults with
                {
                    Text = defaults.Text is null ? null : text.Apply(parse, defaults.Text),
                    Sequences = defaults.Sequences is null ? null : sequences.Apply(parse, defaults.Sequences, text.Split(parse)),
                    Model = modelOptions.Apply(parse, defaults.Model),
                    Optimization = optimization.Apply(parse, defaults.Optimization),
                    Ensemble = text.Ensemble(parse) ?? defaults.Ensemble,
                    Seed = optimization.Seed(parse) ?? defaults.Seed,
                    Threads = parse.GetValue(threads),
                    Checkpoints = checkpoints.Read(parse, outPath),
                    Outputs = new RunOutputs(outPath, parse.GetValue(text.Plot), parse.GetValue(trackGradients)),
                });
                if (source is SyntheticData s) modelOptions.CheckHead(parse, BuiltinTasks.Get(s.Task).Head);
            }
            if (cluster.Given(parse))
            {
                if (sink.Resume is not null) throw new ElmanException("--resume continues a local run; with --cluster, run the same command again: members already computed are collected, not trained again");
                if (sink.Run.Checkpoints.Periodic) throw new ElmanException("--checkpoint-every applies to local runs; with --cluster every member is kept by the silo that trained it, and the same command run again collects it");
                if (sink.Run.Outputs.TrackGradients) throw new ElmanException("--track-gradients follows training in this process; it cannot be combined with --cluster");
                return TrainOnCluster(sink, cluster, parse);
            }
            return Train(sink, null);
        });
        return command;
    }

    // Its own method, so that a local run never loads Orleans (the JIT resolves a method's types when it compiles it).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static int TrainOnCluster(CheckpointSink sink, ClusterOptions cluster, ParseResult parse)
        => cluster.With(parse, connection => Train(sink, new ClusterExecutor(ClusterOptions.Scheduler(connection))));

    static int Train(CheckpointSink sink, IMemberExecutor? executor)
    {
        var run = sink.Run;
        string outPath = run.Outputs.Model ?? "model.safetensors";
        string? plotPath = run.Data is SyntheticData ? null : run.Outputs.Plot ?? Path.ChangeExtension(outPath, null) + ".curve.png";
        if (run.Outputs.TrackGradients && run.Ensemble > 1) throw new ElmanException("--track-gradients follows one model; it cannot be combined with --ensemble");
        // Before any work: every output can be written, none is an input, and no other run writes them (held until the end).
        NamedPath[] inputs = run.Data switch
        {
            TextFileData file => [new("--data", file.Path)],
            NumericFileData numeric => [new("--data", numeric.Path), new("--test-data", numeric.TestPath), new("--validation-data", numeric.ValidationPath)],
            _ => [],
        };
        string? checkpointFolder = run.Checkpoints.Periodic || sink.Resume is not null ? run.Checkpoints.Folder : null;
        using var claim = OutputClaim.Claim(inputs, [new("--out", outPath), new("--plot", plotPath)], [new("--checkpoint-dir", checkpointFolder)]);
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        var observer = new ConsoleRunObserver(sink, outPath);
        RunResult? result;
        try
        {
            result = new Runner(NpmCorpora.Default(observer.Log), executor).Run(run, sink, observer, cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        observer.FinishTracking();
        if (result is null) return CommandRunner.Interrupted;
        TrainReport.Print(result);
        var metadata = new Dictionary<string, string>(result.Metadata) { [MetadataKeys.ElmanVersion] = VersionInfo.Version };
        Checkpoint.Save(result.Model, outPath, metadata);
        if (plotPath is not null)
        {
            try
            {
                LearningCurvePlot.SaveRun(result, plotPath);
            }
            catch (Exception e) when (e is ElmanException or IOException or UnauthorizedAccessException)
            {
                throw new ElmanException($"wrote {outPath}, but not the learning curve: {e.Message}", e);
            }
            AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(outPath)}[/] and the learning curve [bold]{Markup.Escape(plotPath)}[/]");
        }
        else AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(outPath)}[/] in {observer.Elapsed.TotalSeconds:F1} s");
        return CommandRunner.Ok;
    }
}
