using System.CommandLine;
using System.Text.Json;
using Elman.Cluster.Client;
using Elman.Cluster.Units;
using Elman.Data.Text;
using Elman.IO;
using Elman.Model;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary><c>elman predict</c>: classify raw texts with a checkpoint that stores its vocabulary.</summary>
static class PredictCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model(required: true);
        var texts = new Argument<string[]>("text") { Description = "Texts to classify (quote each one)", Arity = ArgumentArity.ZeroOrMore };
        var input = new Option<string?>("--input", "-i") { Description = "Read texts from a file: one per line (.txt and others), or the --text-column of a .csv, .tsv or .jsonl; for a model trained on numeric sequences, a sequence file (.npz, .npy, .safetensors, .ts, UCR, long CSV/TSV): one prediction per sequence" };
        var textColumn = new Option<string>("--text-column") { Description = "Column or key holding the text in a .csv, .tsv or .jsonl --input", DefaultValueFactory = _ => "text" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per text (text, label, probabilities by class) instead of a table" };
        var batch = new Option<int>("--batch") { Description = "Texts per forward pass", DefaultValueFactory = _ => 64 };
        var threads = CommonOptions.Threads();
        var output = new Option<string?>("--out", "-o") { Description = "Write the predictions of texts to this file, one JSON object per line in input order (as --json prints them), atomically" };
        var cluster = new ClusterOptions("texts, in shards of --shard-size,");
        var shardSize = new Option<int>("--shard-size") { Description = "Texts per unit of work with --cluster (rounded up to a whole number of --batch)", DefaultValueFactory = _ => 1024 };
        var command = new Command("predict", "Classify texts with a model trained on text, or the sequences of a file with a model trained on numeric sequences: the most probable label and every class's probability.")
        {
            model, texts, input, textColumn, json, batch, threads, output, shardSize,
        };
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!;
            int batchSize = CommonOptions.InRange(parse.GetValue(batch), "--batch", 1, 65_536);
            if ((parse.GetValue(texts) ?? []).Length == 0 && parse.GetValue(input) is null)
                throw new ElmanException("no texts to classify: give them as arguments or with --input FILE");
            var loaded = Checkpoint.Load<float>(modelPath);
            if (!TextEncoder.IsStoredIn(loaded.Metadata) && !loaded.Model.Config.HasEmbedding)
            {
                if (parse.GetValue(input) is not { } sequencesPath || (parse.GetValue(texts) ?? []).Length > 0)
                    throw new ElmanException($"{modelPath} was not trained on text: give its sequences with --input FILE");
                if (cluster.Given(parse) || parse.GetValue(output) is not null)
                    throw new ElmanException($"{modelPath} was trained on numeric sequences; --cluster and --out classify texts");
                using var sequencePool = CommonOptions.CreatePool(parse.GetValue(threads));
                loaded.Model.Pool = sequencePool;
                return SequencePrediction.Run(loaded.Model, loaded.Metadata, TextClassifier.ReadClassNames(loaded.Metadata, loaded.Model.Config.NumClasses),
                    modelPath, sequencesPath, batchSize, parse.GetValue(json));
            }
            var all = new List<string>(parse.GetValue(texts) ?? []);
            if (parse.GetValue(input) is { } inputPath)
                all.AddRange(LabelledTextReader.Read(inputPath, parse.GetValue(textColumn)!, labelColumn: null).Rows.Select(r => r.Text));
            if (all.Count == 0) throw new ElmanException("no texts to classify: give them as arguments or with --input FILE");
            // As training refuses an empty text: a prediction for nothing would only show the class prior.
            int empty = all.FindIndex(string.IsNullOrWhiteSpace);
            if (empty >= 0) throw new ElmanException($"text {empty + 1} is empty; expected a text to classify");

            var classifier = TextClassifier.FromCheckpoint(loaded.Model, loaded.Metadata, modelPath);
            int threadCount = CommonOptions.InRange(parse.GetValue(threads), "--threads", 1, 256);
            IReadOnlyList<TextPrediction> predictions;
            if (cluster.Given(parse))
            {
                int shard = CommonOptions.InRange(parse.GetValue(shardSize), "--shard-size", 1);
                predictions = PredictOnCluster(cluster, parse, modelPath, all, classifier.ClassNames, batchSize, threadCount, shard);
            }
            else
            {
                using var pool = CommonOptions.CreatePool(threadCount);
                classifier.Model.Pool = pool;
                predictions = classifier.Predict(all, batchSize);
            }
            if (parse.GetValue(output) is { } outPath)
            {
                AtomicFile.Write(outPath, stream => WriteJson(stream, predictions, classifier.ClassNames));
                AnsiConsole.MarkupLine($"wrote {predictions.Count:N0} predictions to [bold]{Markup.Escape(outPath)}[/]");
            }
            else if (parse.GetValue(json))
            {
                using var stdout = Console.OpenStandardOutput();
                WriteJson(stdout, predictions, classifier.ClassNames);
            }
            else PrintTable(predictions, classifier.ClassNames);
            return CommandRunner.Ok;
        });
        return command;
    }

    // Shards start on batch boundaries of the whole input, so every batch is the one a local run forms.
    // Its own method, so that a local run never loads Orleans (the JIT resolves a method's types when it compiles it).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static IReadOnlyList<TextPrediction> PredictOnCluster(ClusterOptions cluster, ParseResult parse, string modelPath, List<string> texts, IReadOnlyList<string> classNames,
        int batchSize, int threads, int shardSize)
        => cluster.With(parse, connection =>
            PredictOnCluster(ClusterOptions.Scheduler(connection), UnitFile.Read(modelPath, "model"), texts, classNames, batchSize, threads, shardSize));

    static IReadOnlyList<TextPrediction> PredictOnCluster(UnitScheduler scheduler, UnitFile model, List<string> texts, IReadOnlyList<string> classNames,
        int batchSize, int threads, int shardSize)
    {
        int size = checked((shardSize + batchSize - 1) / batchSize * batchSize);
        int shards = (texts.Count + size - 1) / size;
        var slices = Enumerable.Range(0, shards).Select(i => texts.GetRange(i * size, Math.Min(size, texts.Count - i * size))).ToList();
        var units = slices.Select((slice, i) => PredictionShards.Describe(model, i * size, slice, batchSize, threads, i, shards)).ToList();
        var results = scheduler.RunAll(units).GetAwaiter().GetResult();
        return results.SelectMany((r, i) => PredictionShards.Decode(r.Payload, slices[i], classNames)).ToList();
    }

    static void WriteJson(Stream stdout, IReadOnlyList<TextPrediction> predictions, IReadOnlyList<string> classNames)
    {
        foreach (var p in predictions)
        {
            // Relaxed escaping keeps "I'll" and "é" readable; the output is still valid JSON.
            using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WriteString("text", p.Text);
                writer.WriteString("label", p.Label);
                writer.WriteStartObject("probabilities");
                for (int c = 0; c < classNames.Count; c++) writer.WriteNumber(classNames[c], p.Probabilities[c]);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            stdout.WriteByte((byte)'\n');
        }
    }

    static void PrintTable(IReadOnlyList<TextPrediction> predictions, IReadOnlyList<string> classNames)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("text");
        table.AddColumn("label");
        foreach (var name in classNames) table.AddColumn(new TableColumn($"p({Markup.Escape(Visible(name))})").RightAligned());
        foreach (var p in predictions)
        {
            var row = new List<string> { Markup.Escape(Shorten(p.Text, 60)), $"[bold]{Markup.Escape(Visible(p.Label))}[/]" };
            row.AddRange(p.Probabilities.Select(v => $"{v:F3}"));
            table.AddRow(row.ToArray());
        }
        AnsiConsole.Write(table);
    }

    // Tables show a line per text: line breaks become spaces, long texts end in "…".
    static string Shorten(string text, int max)
    {
        text = Visible(text.ReplaceLineEndings(" ").Replace('\t', ' '));
        return text.Length <= max ? text : text[..max] + "…";
    }

    // A text's control characters (ESC, BEL, …) would drive the terminal: show them as \uXXXX instead.
    internal static string Visible(string text)
    {
        if (!text.Any(IsControl)) return text;
        var result = new System.Text.StringBuilder(text.Length + 16);
        foreach (char c in text)
            if (IsControl(c)) result.Append($"\\u{(int)c:X4}");
            else result.Append(c);
        return result.ToString();
    }

    static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
