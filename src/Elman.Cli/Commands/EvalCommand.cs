using System.CommandLine;
using System.Text.Json;
using Elman.Data.Sequences;
using Elman.Data.Tasks;
using Elman.Data.Text;
using Elman.IO;
using Elman.Model;
using Elman.Numerics;
using Elman.Training;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary><c>elman eval</c>: loss, accuracy and confusion matrix of a checkpoint.</summary>
static class EvalCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model(required: true);
        var task = new Option<string?>("--task") { Description = "Built-in task to generate test sequences from (default: the task stored in the model)" };
        var length = new Option<int?>("--length") { Description = "Sequence length T (default: the one stored in the model)" };
        var count = new Option<int>("--count") { Description = "Test sequences to generate", DefaultValueFactory = _ => 2_000 };
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the generated test set (default: the training seed, which gives the test set 'elman train' reported on)" };
        var inputs = new Option<string?>("--inputs") { Description = "Evaluate on a batch file instead (safetensors with x or tokens, lengths, y; as for 'elman grad')" };
        var data = new Option<string?>("--data") { Description = "Evaluate on labelled data: texts (.csv, .tsv, .jsonl) for a text model (default: the test split of the corpus it was trained on), or numeric sequences (.npz, .npy, .safetensors, .ts, UCR, long CSV/TSV), standardised as the model stores" };
        var textColumn = new Option<string>("--text-column") { Description = "Column or key holding the text in --data", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "Column or key holding the label in --data", DefaultValueFactory = _ => "label" };
        var skipBadRows = new Option<bool>("--skip-bad-rows") { Description = "Skip malformed rows of --data and report how many" };
        var threads = CommonOptions.Threads();
        var command = new Command("eval", "Evaluate a model: mean loss, accuracy and a confusion matrix, on a built-in task, a batch file, or (text models) labelled texts.")
        {
            model, task, length, count, seed, inputs, data, textColumn, labelColumn, skipBadRows, threads,
        };
        command.SetAction(parse =>
        {
            var (net, metadata) = Checkpoint.Load<float>(parse.GetValue(model)!);
            using var pool = CommonOptions.CreatePool(parse.GetValue(threads));
            net.Pool = pool;

            if (parse.GetValue(inputs) is { } inputsPath)
            {
                var batch = BatchFile.Read<float>(inputsPath, net.Config);
                Reports.PrintEvaluation(inputsPath, EvaluationResult.Evaluate(net, batch), Data.Text.TextClassifier.ReadClassNames(metadata, net.Config.NumClasses));
                return CommandRunner.Ok;
            }

            if (TextEncoder.IsStoredIn(metadata))
            {
                var classifier = TextClassifier.FromCheckpoint(net, metadata, parse.GetValue(model)!);
                return TextEvaluation.Run(classifier, metadata, parse.GetValue(data), parse.GetValue(textColumn)!, parse.GetValue(labelColumn)!, parse.GetValue(skipBadRows));
            }
            if (parse.GetValue(data) is { } sequencesPath)
            {
                var classNames = TextClassifier.ReadClassNames(metadata, net.Config.NumClasses);
                var sequences = SequenceInputs.Read(sequencesPath, net.Config, metadata, classNames, parse.GetValue(model)!,
                    new NumericReadOptions { LabelColumn = parse.GetValue(labelColumn)! });
                var result = EvaluationResult.Evaluate(net, sequences.ToDataset());
                Reports.PrintEvaluation(sequencesPath, result, classNames);
                if (!net.Config.IsRegression) Reports.PrintClassification(ClassificationReport.FromConfusion(result.Confusion), classNames, baseline: null);
                return CommandRunner.Ok;
            }

            string taskName = parse.GetValue(task) ?? (metadata.TryGetValue(MetadataKeys.Task, out var t) ? t : BuiltinTasks.Default);
            var synthetic = BuiltinTasks.Get(taskName);
            if (net.Config.HasEmbedding || net.Config.InputSize != synthetic.InputSize || net.Config.NumClasses != synthetic.Outputs || net.Config.Head != synthetic.Head)
                throw new ElmanException($"{parse.GetValue(model)}: model config {net.Config.ToJson()} does not fit task '{taskName}' (input_size {synthetic.InputSize}, num_classes {synthetic.Outputs}, head {synthetic.Head.ToString().ToLowerInvariant()}); use --inputs for other data");
            int steps = parse.GetValue(length) is { } given ? CommonOptions.InRange(given, "--length", 1) : StoredLength(metadata, parse.GetValue(model)!);
            int testCount = CommonOptions.InRange(parse.GetValue(count), "--count", 1);
            ulong dataSeed = parse.GetValue(seed) ?? (metadata.TryGetValue(MetadataKeys.Seed, out var s) && ulong.TryParse(s, out var v) ? v : 0);
            MemoryEstimate.EnsureRunFits(new RunFootprint(net.Config, Math.Min(testCount, 256), steps, OptimizerBuffers: 0, Members: 1,
                [new DataSetSize("test", testCount, steps, synthetic.InputSize)]));
            var test = synthetic.Generate(testCount, steps, SeededRandom.Derive(dataSeed, 12));
            AnsiConsole.MarkupLine($"model: {Markup.Escape(net.Config.ToJson())}");
            Reports.PrintEvaluation($"{taskName}, T = {steps}, seed {dataSeed}", EvaluationResult.Evaluate(net, test), synthetic.ClassNames);
            return CommandRunner.Ok;
        });
        return command;
    }

    // The length the model was trained on, from its metadata; 30 when it has none.
    static int StoredLength(IReadOnlyDictionary<string, string> metadata, string modelPath)
    {
        if (!metadata.TryGetValue(MetadataKeys.Length, out var text)) return 30;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= 1 ? n
            : throw new ElmanException($"{modelPath}: __metadata__ \"{MetadataKeys.Length}\" is {MessageQuote(text)}, expected a sequence length ≥ 1 (or give --length)");
    }

    static string MessageQuote(string text) => $"'{(text.Length > 40 ? text[..40] + "…" : text)}'";
}
