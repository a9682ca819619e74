using System.CommandLine;
using Elman.Analysis;
using Elman.Data;
using Elman.Data.Sequences;
using Elman.Data.Text;
using Elman.Model;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman analyse</c>: gradient flow through a trained model on real inputs, for every layer and
/// direction (or a --layer/--direction selection): the Jacobian-norm profile with both bounds, the
/// temporal contribution profile of ∂ℓ/∂W_hh, ‖W_hh‖₂ and the σ' distribution, as tables, PNG plots
/// (log-scale y) and CSV files. With one --text, the same per token (<see cref="TokenReport"/>).
/// </summary>
static class AnalyseCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model(required: true);
        var data = new AnalysisData();
        var selection = new AnalysisSelection("every layer", "both directions of a bidirectional model");
        var texts = new Option<string[]>("--text") { Description = "A text to analyse with a model trained on text (repeat for several); one text gives the per-token analysis" };
        var input = new Option<string?>("--input") { Description = "Texts to analyse, one per line (or the 'text' column of a .csv, .tsv or .jsonl), for a model trained on text" };
        var labelled = new Option<string?>("--data") { Description = "Labelled data to analyse: texts (a .csv, .tsv or .jsonl with 'text' and 'label' columns) for a model trained on text, or numeric sequences (.npz, .npy, .safetensors, .ts, UCR, long CSV/TSV) for a model trained on them; ℓ is taken for each one's own label" };
        var dataset = new Option<string?>("--dataset") { Description = "Analyse the test split of a public corpus (by default the model's own), recreated from the seed and split stored in the model", Arity = ArgumentArity.ZeroOrOne };
        var label = new Option<string?>("--label") { Description = "The class the loss ℓ = -log p[c] is taken for, for --text/--input (default: each text's predicted class)" };
        var exact = new Option<bool>("--exact") { Description = "Exact spectral norms (Jacobi SVD) instead of power iteration to 1e-6 relative; slower for large H" };
        var output = new Option<string>("--out", "-o") { Description = "Folder for jacobian.png, contributions.png, derivative.png and their CSV files (suffixed -l<k> and -reverse per layer and direction; tokens.png and tokens.csv for one --text); created if missing", DefaultValueFactory = _ => "analysis" };
        var command = new Command("analyse", "Analyse gradient flow through a trained model on real inputs, per layer and direction: ‖∂h_t/∂h_i‖₂ against lag with its bounds, the temporal contribution profile of ∂ℓ/∂W_hh, ‖W_hh‖₂ and the σ' distribution (saturation); with --text, per token. Tables, PNG plots and CSV.")
        {
            model, texts, input, labelled, dataset, label, exact, output,
        };
        foreach (var option in data.Options.Concat(selection.Options)) command.Add(option);
        command.Aliases.Add("analyze");
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!;
            var loaded = Checkpoint.Load<double>(modelPath);
            var net = loaded.Model;
            var config = net.Config;
            var method = parse.GetValue(exact) ? NormMethod.Exact : NormMethod.PowerIteration;
            var all = new List<string>(parse.GetValue(texts) ?? []);
            if (parse.GetValue(input) is { } inputPath)
                all.AddRange(LabelledTextReader.Read(inputPath, "text", labelColumn: null).Rows.Select(r => r.Text));
            List<string>? trueLabels = null;
            string? source = null;
            SequenceBatch<double>? sequenceBatch = null;
            if (parse.GetValue(labelled) is { } sequencesPath && !config.HasEmbedding)
            {
                // A model trained on numeric sequences: the file's labelled sequences, standardised as the model stores.
                if (all.Count > 0 || parse.GetValue(input) is not null || parse.GetValue(label) is not null || data.IsGiven(parse) || parse.GetValue(dataset) is not null)
                    throw new ElmanException("--data on a model trained on numeric sequences analyses that file's sequences; it excludes --text, --input, --label, --dataset and --task/--inputs");
                var sequences = SequenceInputs.Read(sequencesPath, config, loaded.Metadata, TextClassifier.ReadClassNames(loaded.Metadata, config.NumClasses), modelPath);
                sequenceBatch = AnalysisBatch.FromDataset(sequences.ToDataset(), sequences.Count);
                source = $"{sequences.Count:N0} sequences of {sequencesPath}";
            }
            else if (parse.GetValue(labelled) is not null || parse.GetResult(dataset) is { Implicit: false })
            {
                if (all.Count > 0 || parse.GetValue(input) is not null || parse.GetValue(label) is not null)
                    throw new ElmanException("--data/--dataset analyse labelled texts; they exclude --text, --input and --label");
                if (parse.GetValue(labelled) is not null && parse.GetValue(dataset) is not null) throw new ElmanException("--data and --dataset both given: choose one source of texts");
                var (examples, title) = parse.GetValue(labelled) is { } dataPath
                    ? LabelledTexts.FromFile(dataPath, "text", "label", skipBadRows: false)
                    : LabelledTexts.TestSplit(loaded.Metadata, parse.GetValue(dataset));
                if (examples.Count == 0) throw new ElmanException($"{title}: no texts to analyse");
                all.AddRange(examples.Select(e => e.Text));
                trueLabels = examples.Select(e => e.Label).ToList();
                source = title;
            }
            bool textMode = all.Count > 0 || parse.GetValue(input) is not null;
            if (!textMode && parse.GetValue(label) is not null) throw new ElmanException("--label applies to --text and --input only");
            if (textMode && data.IsGiven(parse)) throw new ElmanException("--text/--input and --task/--inputs/--length/--count/--seed exclude each other: analyse either texts or sequences");
            if (textMode && all.Count == 0) throw new ElmanException($"--input {parse.GetValue(input)}: no texts in the file");
            var layers = selection.Layers(parse, config, all: true);
            var directions = selection.Directions(parse, config, all: true);

            SequenceBatch<double> batch;
            string description;
            IReadOnlyList<AnalysedText>? analysed = null;
            IReadOnlyList<string> classNames = [];
            if (sequenceBatch is not null) (batch, description) = (sequenceBatch.Value, source!);
            else if (textMode)
            {
                (batch, analysed, classNames) = TextInputs.Encode(loaded, modelPath, all, parse.GetValue(label), trueLabels);
                description = source is not null ? $"{all.Count:N0} texts of {source}" : all.Count == 1 ? "1 text" : $"{all.Count} texts";
            }
            else (batch, description) = data.Load(parse, modelPath, loaded);
            string folder = OutputFolder.Prepare(parse.GetValue(output)!, "--out");
            var traces = SequenceTrace<double>.Record(net, batch);

            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(modelPath)}[/] {Markup.Escape(config.ToJson())}");
            string accuracy = config.IsRegression ? "" : $", accuracy {Accuracy(traces):P1}{(textMode && parse.GetValue(label) is null && trueLabels is null ? " (labels = predicted classes)" : "")}";
            AnsiConsole.MarkupLine($"{Markup.Escape(description)}: loss {net.Loss:F4}{accuracy}");
            var written = new List<string>();
            if (analysed is { Count: 1 })
            {
                var report = TokenReport.Compute(traces[0], analysed[0], classNames, parse.GetValue(label) is not null, layers, directions, method);
                report.Print();
                written.AddRange(report.Write(folder));
            }
            else
                foreach (int k in layers)
                    foreach (var d in directions)
                    {
                        var report = GradientFlowReport.Compute(net, traces, k, d, method);
                        report.Print();
                        written.AddRange(report.Write(folder));
                    }
            foreach (var path in written) AnsiConsole.MarkupLine($"wrote {Markup.Escape(path)}");
            return CommandRunner.Ok;
        });
        return command;
    }

    static double Accuracy(IReadOnlyList<SequenceTrace<double>> traces)
        => traces.Count(t => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(t.Probabilities) == t.Label) / (double)traces.Count;
}
