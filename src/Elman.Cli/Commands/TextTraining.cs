using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Elman.Baselines;
using Elman.Cli.Plots;
using Elman.Data;
using Elman.Data.Corpora;
using Elman.Data.Text;
using Elman.Model;
using Elman.Training;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>The options <c>elman train</c> shares between synthetic tasks and text.</summary>
sealed record CoreTrainOptions(ModelOptions Model, OptimizationOptions Optimization, Option<int> Threads, Option<string> Output, Option<string> Task,
    CheckpointOptions Checkpoints, TrainingState? State, string? StatePath);

/// <summary>
/// <c>elman train --dataset NAME</c> or <c>--data FILE</c>: read labelled texts, split, build the
/// vocabulary, train with length-bucketed batches and early stopping, report the test split beside a
/// naive Bayes baseline, write a self-contained checkpoint and a learning-curve PNG.
/// </summary>
static class TextTraining
{
    public static int Run(ParseResult parse, TextOptions text, CoreTrainOptions core)
    {
        string? datasetName = parse.GetValue(text.Dataset), dataPath = parse.GetValue(text.Data);
        if (datasetName is not null && dataPath is not null) throw new ElmanException("--dataset and --data both given: choose one source of texts");
        if (parse.GetResult(core.Task) is { Implicit: false }) throw new ElmanException("--task selects a synthetic task and cannot be combined with --dataset or --data");
        var corpus = datasetName is null ? null : CorpusCatalog.Get(datasetName);
        var defaults = corpus?.Defaults ?? CorpusDefaults.UserData;

        string outPath = parse.GetValue(core.Output)!;
        TrainCommand.CheckWritable(outPath);
        string plotPath = parse.GetValue(text.Plot) ?? Path.ChangeExtension(outPath, null) + ".curve.png";
        ulong seed = core.Optimization.Seed(parse);
        var tokenizerKind = parse.GetValue(text.Tokenizer) is { } t ? Tokenizer.ParseKind(t, "--tokenizer") : defaults.Tokenizer;
        var dataOptions = new TextDatasetOptions
        {
            Tokenizer = new Tokenizer(tokenizerKind),
            MinFrequency = parse.GetValue(text.MinFreq) ?? defaults.MinFrequency,
            MaxVocabulary = parse.GetValue(text.MaxVocab) ?? defaults.MaxVocabulary,
            MaxLength = CommonOptions.InRange(parse.GetValue(text.MaxLength) ?? defaults.MaxLength, "--max-length", 1, 1_000_000),
            TruncateFromStart = parse.GetValue(text.Keep) switch
            {
                null => defaults.KeepLast,
                "first" => false,
                "last" => true,
                var other => throw new ElmanException($"--keep-tokens is '{other}', expected first or last"),
            },
            Split = SplitFractions.Parse(parse.GetValue(text.Split)!),
            Seed = seed,
            ClassNames = corpus?.ClassNames,
        };
        dataOptions.Validate();
        // The dataset's defaults stand in for every optimisation option the user did not give.
        var opt = core.Optimization;
        var given = opt.Read(parse);
        var options = given with
        {
            Epochs = Pick(parse, opt.EpochsOption, defaults.Epochs),
            BatchSize = Pick(parse, opt.BatchOption, defaults.BatchSize),
            LearningRate = Pick(parse, opt.LearningRateOption, defaults.LearningRate),
            Clip = Explicit(parse, opt.ClipOption) ? given.Clip : defaults.Clip > 0 ? ClipMode.Norm : ClipMode.None,
            ClipThreshold = Explicit(parse, opt.ClipOption) ? given.ClipThreshold : defaults.Clip > 0 ? defaults.Clip : 1.0,
            Patience = Pick(parse, opt.PatienceOption, defaults.Patience),
            EmaDecay = parse.GetValue(opt.EmaOption) ?? defaults.EmaDecay,
        };
        options.Validate();
        double clip = options.Clip == ClipMode.None ? 0 : options.ClipThreshold;
        int embedding = CommonOptions.InRange(parse.GetValue(text.Embedding) ?? defaults.Embedding, "--embedding", 1, 65_536);
        int hidden = CommonOptions.InRange(Pick(parse, core.Model.HiddenOption, defaults.Hidden), "--hidden", 1, 65_536);
        using var pool = CommonOptions.CreatePool(parse.GetValue(core.Threads));

        // Data.
        var clock = Stopwatch.StartNew();
        string source;
        IReadOnlyList<LabelledText> examples;
        if (corpus is not null)
        {
            source = corpus.Name;
            examples = CorpusCatalog.Load(corpus, CorpusCache.Default(), NpmClient.Default(), message => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]"));
        }
        else
        {
            var file = LabelledTextReader.Read(dataPath!, parse.GetValue(text.TextColumn)!, parse.GetValue(text.LabelColumn)!, parse.GetValue(text.SkipBadRows));
            source = Path.GetFileName(dataPath!);
            examples = file.Rows;
            if (file.Skipped > 0)
                AnsiConsole.MarkupLine($"[yellow]skipped {file.Skipped:N0} malformed row{(file.Skipped == 1 ? "" : "s")}[/]; first: {Markup.Escape(file.FirstProblem!.Message)}");
        }
        var data = TextDatasets.Build(examples, dataOptions);
        PrintData(source, corpus?.Description, data, dataOptions, clock.Elapsed);

        var baselineClock = Stopwatch.StartNew();
        var baseline = TextBaseline.Evaluate(data);
        var baselineTime = baselineClock.Elapsed;

        var config = core.Model.Read(parse, data.Encoder.Vocabulary.Count, embedding, data.ClassNames.Count, OutputHead.Classification)
            with { HiddenSize = hidden, Bidirectional = Pick(parse, core.Model.BidirectionalOption, defaults.Bidirectional) };
        double tokenDropout = parse.GetValue(text.TokenDropout) ?? defaults.TokenDropout;
        TokenDropout.Validate(tokenDropout);
        int members = CommonOptions.InRange(parse.GetValue(text.Ensemble) ?? defaults.Ensemble, "--ensemble", 1, 64);
        MemoryEstimate.EnsureFits(config, options.BatchSize, dataOptions.MaxLength, options.Optimizer is OptimizerKind.Adam or OptimizerKind.AdamW ? 2 : 1);
        AnsiConsole.MarkupLine($"model: {Markup.Escape(config.ToJson())}, {new ParameterLayout(config).TotalLength:N0} parameters");
        AnsiConsole.MarkupLine($"training: {options.Optimizer} lr {options.LearningRate.ToString(CultureInfo.InvariantCulture)}, batch {options.BatchSize} (bucketed by length), clip {(clip > 0 ? clip.ToString(CultureInfo.InvariantCulture) : "off")}, patience {options.Patience}" +
            $"{(tokenDropout > 0 ? $", token dropout {tokenDropout.ToString(CultureInfo.InvariantCulture)}" : "")}{(options.EmaDecay > 0 ? $", weight average (EMA) {options.EmaDecay.ToString(CultureInfo.InvariantCulture)}" : "")}, seed {seed}, {pool.ThreadCount} thread(s)");
        if (members > 1)
            AnsiConsole.MarkupLine($"ensemble: {members} models with seeds {seed}…{seed + (ulong)members - 1} on this split, merged into one RNN of {members} × {hidden} units (mean of their logits)");

        var validation = data.Validation.Count > 0 ? data.Validation : null;
        if (validation is null) AnsiConsole.MarkupLine("[yellow]the validation split is empty: no early stopping, the last epoch's weights are kept[/]");
        var trainClock = Stopwatch.StartNew();
        var trained = new TextMembers(data, validation, config, options, tokenDropout, members, seed, pool, core, parse, outPath).TrainAll();
        if (trained is null) return CommandRunner.Interrupted;
        var trainTime = trainClock.Elapsed;
        var model = members == 1 ? trained[0].Model : Ensemble.Merge(trained.Select(t => t.Model).ToList());
        model.Pool = pool;
        var reports = trained[0].Trainer.Reports;
        int keptEpoch = validation is null ? reports[^1].Epoch : trained[0].Trainer.BestEpoch;
        string kept = options.EmaDecay > 0 ? "averaged weights" : "weights";
        if (members == 1)
            AnsiConsole.MarkupLine($"trained {reports.Count} epoch{(reports.Count == 1 ? "" : "s")} in {trainTime.TotalSeconds:F1} s; keeping the {kept} of epoch {keptEpoch}{(validation is null ? "" : " (lowest validation loss)")}");
        else
            AnsiConsole.MarkupLine($"trained {members} members in {trainTime.TotalSeconds:F1} s ({string.Join(", ", trained.Select(t => t.Trainer.Reports.Count))} epochs); each keeps the {kept} of its {(validation is null ? "last epoch" : "lowest validation loss")}");

        if (data.Test.Count > 0)
        {
            if (members > 1)
                AnsiConsole.MarkupLine($"members' test accuracy: {string.Join(", ", trained.Select(t => EvaluationResult.Evaluate(t.Model, data.Test).Accuracy.ToString("P2", CultureInfo.InvariantCulture)))}");
            var result = EvaluationResult.Evaluate(model, data.Test);
            Reports.PrintEvaluation(members > 1 ? $"test (ensemble of {members})" : $"test (epoch {keptEpoch} {kept})", result, data.ClassNames);
            Reports.PrintClassification(ClassificationReport.FromConfusion(result.Confusion), data.ClassNames,
                baseline is null ? null : (TextBaseline.Describe(tokenizerKind), baseline, baselineTime));
        }
        else AnsiConsole.MarkupLine("[yellow]the test split is empty: no test report[/]");

        var metadata = new Dictionary<string, string>
        {
            [MetadataKeys.Dataset] = source,
            [MetadataKeys.Seed] = seed.ToString(CultureInfo.InvariantCulture),
            [MetadataKeys.Split] = dataOptions.Split.ToExactString(),
            [MetadataKeys.ClassNames] = JsonSerializer.Serialize(data.ClassNames),
            [MetadataKeys.ElmanVersion] = VersionInfo.Version,
        };
        if (members > 1) metadata[MetadataKeys.EnsembleMembers] = members.ToString(CultureInfo.InvariantCulture);
        data.Encoder.WriteTo(metadata);
        Checkpoint.Save(model, outPath, metadata);
        if (members > 1 && validation is not null)
            LearningCurvePlot.SaveMembers(trained.Select(t => t.Trainer.Reports).ToList(), trained.Select(t => t.Trainer.BestEpoch).ToList(),
                seed, $"elman train: {source}, ensemble of {members}, H = {hidden}, D = {embedding}", plotPath);
        else
            LearningCurvePlot.Save(reports, validation is null ? 0 : keptEpoch, $"elman train: {source}, H = {hidden}, D = {embedding}, seed {seed}{(members > 1 ? $" (member 1 of {members})" : "")}", plotPath);
        AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(outPath)}[/] and the learning curve [bold]{Markup.Escape(plotPath)}[/]");
        return CommandRunner.Ok;
    }

    static bool Explicit(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    static T Pick<T>(ParseResult parse, Option<T> option, T fallback) => Explicit(parse, option) ? parse.GetValue(option)! : fallback;

    static void PrintData(string source, string? description, TextDatasets data, TextDatasetOptions options, TimeSpan elapsed)
    {
        var split = data.Split;
        int total = split.Train.Length + split.Validation.Length + split.Test.Length;
        AnsiConsole.MarkupLine($"[bold]elman train[/]: {Markup.Escape(source)}{(description is null ? "" : $" — {Markup.Escape(description)}")}");
        var perClass = string.Join(", ", data.ClassNames.Select((name, c) => $"{name} {data.Labels.Count(l => l == c):N0}"));
        AnsiConsole.MarkupLine($"{total:N0} examples ({Markup.Escape(perClass)}); split {options.Split} by seed {options.Seed}: {split.Train.Length:N0} training / {split.Validation.Length:N0} validation / {split.Test.Length:N0} test, stratified");
        var lengths = data.Tokens.Select(t => t.Count).Order().ToArray();
        int truncated = lengths.Count(l => l > options.MaxLength);
        AnsiConsole.MarkupLine($"{options.Tokenizer.Name} tokens: vocabulary {data.Encoder.Vocabulary.Count:N0} ids from the training split (min-freq {options.MinFrequency}{(options.MaxVocabulary > 0 ? $", max {options.MaxVocabulary:N0}" : "")}); " +
            $"lengths median {lengths[lengths.Length / 2]:N0}, p90 {lengths[(int)(lengths.Length * 0.9)]:N0}, max {lengths[^1]:N0}; {100.0 * truncated / lengths.Length:F1} % truncated to their {(options.TruncateFromStart ? "last" : "first")} {options.MaxLength:N0}; read in {elapsed.TotalSeconds:F1} s");
    }
}
