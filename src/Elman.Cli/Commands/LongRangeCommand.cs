using System.CommandLine;
using System.Globalization;
using System.Text;
using Elman.Cli.Plots;
using Elman.Cluster.Client;
using Elman.Cluster.Units;
using Elman.Data.Tasks;
using Elman.IO;
using Elman.Experiments;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman experiment long-range</c>: the classic long-range benchmarks, every model × length × seed,
/// one table of success rates, learning curves and gradient-norm tracks.
/// </summary>
static class LongRangeCommand
{
    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "Built-in task: temporal-order, adding, copy-first or parity", DefaultValueFactory = _ => "temporal-order" };
        var lengths = new Option<string>("--lengths") { Description = "Comma-separated sequence lengths T", DefaultValueFactory = _ => "50,100,200" };
        var models = new Option<string>("--models") { Description = $"Comma-separated recipes: {string.Join(", ", ModelVariant.All.Select(v => $"{v.Name} ({v.Description})"))}", DefaultValueFactory = _ => "tanh,tanh-clip,tanh-orth-clip,irnn" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per model and length", DefaultValueFactory = _ => 3 };
        var firstSeed = new Option<int>("--first-seed") { Description = "The first seed; runs use --first-seed, --first-seed + 1, …", DefaultValueFactory = _ => 0 };
        var hidden = new Option<int>("--hidden") { Description = "Hidden units (Pascanu et al.: 50; Le et al. use 100 for adding)", DefaultValueFactory = _ => 50 };
        var batch = new Option<int>("--batch") { Description = "Sequences per SGD step", DefaultValueFactory = _ => 20 };
        var lr = new Option<double?>("--lr") { Description = "SGD learning rate for every model (default: each recipe's, 0.01)" };
        var budget = new Option<double>("--budget-minutes") { Description = "Wall-time budget of each run", DefaultValueFactory = _ => 15.0 };
        var maxSteps = new Option<long>("--max-steps") { Description = "Step budget of each run", DefaultValueFactory = _ => long.MaxValue };
        var check = new Option<int>("--check-every") { Description = "Steps between validation checks", DefaultValueFactory = _ => 250 };
        var output = new Option<string>("--out") { Description = "Folder for results.csv and the PNG plots", DefaultValueFactory = _ => "long-range" };
        var parallel = new Option<int>("--parallel") { Description = "Runs trained at the same time, each on its own --threads threads (e.g. --parallel 2 --threads 1 on two cores); a run's result depends only on its seed and --threads", DefaultValueFactory = _ => 1 };
        var threads = CommonOptions.Threads();
        var cluster = new ClusterOptions("cells (model × length × seed)");
        var command = new Command("long-range", "Train every model × length × seed on a long-range task with fresh data (Pascanu et al. 2013; Le et al. 2015) and report success rates: below 1 % error on 10,000 fresh sequences (adding: MSE below 0.01).")
        {
            task, lengths, models, seeds, firstSeed, hidden, batch, lr, budget, maxSteps, check, output, parallel, threads,
        };
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            var synthetic = BuiltinTasks.Get(parse.GetValue(task)!);
            var ts = ParseList(parse.GetValue(lengths)!, "--lengths", s => int.TryParse(s, out int v) && v >= 2 ? v : throw new ElmanException($"--lengths: '{s}' is not a length ≥ 2"));
            var variants = ParseList(parse.GetValue(models)!, "--models", ModelVariant.Get);
            int seedCount = CommonOptions.InRange(parse.GetValue(seeds), "--seeds", 1, 1000);
            double minutes = CommonOptions.Positive(parse.GetValue(budget), "--budget-minutes");
            string dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            int threadCount = CommonOptions.InRange(parse.GetValue(threads), "--threads", 1, 256);
            int concurrent = CommonOptions.InRange(parse.GetValue(parallel), "--parallel", 1, 64);
            var runner = new LongRangeRun
            {
                Hidden = CommonOptions.InRange(parse.GetValue(hidden), "--hidden", 1, 4096),
                BatchSize = CommonOptions.InRange(parse.GetValue(batch), "--batch", 1, 4096),
                StepsPerCheck = CommonOptions.InRange(parse.GetValue(check), "--check-every", 1),
                Budget = TimeSpan.FromMinutes(minutes),
                MaxSteps = parse.GetValue(maxSteps),
                LearningRate = parse.GetValue(lr),
                Threads = threadCount,
                RecurrentNorm = LongRangeRun.FirstLayerRecurrentNorm,
            };
            int first = CommonOptions.InRange(parse.GetValue(firstSeed), "--first-seed", 0);
            var seedList = Enumerable.Range(first, seedCount).Select(s => (ulong)s).ToList();
            if (cluster.Given(parse))
            {
                if (parse.GetResult(parallel) is { Implicit: false }) throw new ElmanException("--parallel applies to local runs; with --cluster every silo runs as many cells at a time as it has threads");
                return RunOnCluster(cluster, parse, runner, synthetic, ts, variants, seedList, dir);
            }
            return Run(runner, synthetic, ts, variants, seedList, dir, concurrent, null);
        });
        return command;
    }

    // Its own method, so that a local run never loads Orleans (the JIT resolves a method's types when it compiles it).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static int RunOnCluster(ClusterOptions cluster, ParseResult parse, LongRangeRun runner, SyntheticTask task, IReadOnlyList<int> lengths, IReadOnlyList<ModelVariant> variants,
        IReadOnlyList<ulong> seeds, string dir)
        => cluster.With(parse, connection => Run(runner, task, lengths, variants, seeds, dir, 1, ClusterOptions.Scheduler(connection)));

    static int Run(LongRangeRun runner, SyntheticTask task, IReadOnlyList<int> lengths, IReadOnlyList<ModelVariant> variants, IReadOnlyList<ulong> seeds,
        string dir, int concurrent, UnitScheduler? cluster)
    {
        bool regression = task.Head == Model.OutputHead.Regression;
        string metric = regression ? "MSE" : "error";
        AnsiConsole.MarkupLine($"[bold]elman experiment long-range[/]: {task.Name}, T ∈ {{{string.Join(", ", lengths)}}}, H = {runner.Hidden}, batch {runner.BatchSize}, SGD, " +
            $"{runner.Budget.TotalMinutes:G} min per run{(concurrent > 1 ? $", {concurrent} at a time" : "")}; success: {metric} < {(regression ? LongRangeRun.MseThreshold : LongRangeRun.ErrorThreshold):G} on {runner.TestSize:N0} fresh sequences");
        var jobs = (from length in lengths from variant in variants from seed in seeds select (length, variant, seed)).ToList();
        var done = new LongRangeResult[jobs.Count];
        var gate = new object();
        void Report(LongRangeResult r)
        {
            lock (gate)
                AnsiConsole.MarkupLine(Markup.Escape(
                    $"  {r.Variant.Name,-15} T = {r.Length,4}  seed {r.Seed}: {(r.Succeeded ? $"success at step {r.StepsToSuccess:N0}" : "no success")}, test {metric} {Format(r.TestMetric, regression)}, {r.Steps:N0} steps in {r.Elapsed.TotalSeconds:F0} s" +
                    $"   (reproduce: --task {task.Name} --lengths {r.Length} --models {r.Variant.Name} --first-seed {r.Seed} --seeds 1)"));
        }
        if (cluster is not null)
        {
            var units = jobs.Select(j => LongRangeCells.Describe(runner, task, j.variant, j.length, j.seed)).ToList();
            var computed = cluster.RunAll(units).GetAwaiter().GetResult();
            for (int i = 0; i < jobs.Count; i++) Report(done[i] = LongRangeCells.Decode(computed[i].Payload, jobs[i].variant, jobs[i].length, jobs[i].seed));
        }
        else
            Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = concurrent }, i =>
            {
                var (length, variant, seed) = jobs[i];
                Report(done[i] = runner.Run(task, variant, length, seed));
            });
        var results = done.ToList();
        PrintTable(results, lengths, variants, seeds.Count, regression);
        WriteCsv(Path.Combine(dir, "results.csv"), results);
        foreach (int length in lengths)
            LongRangePlots.Write(Path.Combine(dir, $"curves-T{length}.png"), results.Where(r => r.Length == length).ToList(), task.Name, length, metric);
        AnsiConsole.MarkupLine($"wrote {Markup.Escape(Path.Combine(dir, "results.csv"))} and curves-T*.png in {Markup.Escape(dir)}");
        return CommandRunner.Ok;
    }

    static void PrintTable(List<LongRangeResult> results, IReadOnlyList<int> lengths, IReadOnlyList<ModelVariant> variants, int seeds, bool regression)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("model");
        foreach (int t in lengths) table.AddColumn(new TableColumn($"T = {t}").Centered());
        foreach (var v in variants)
        {
            var row = new List<string> { v.Name };
            foreach (int t in lengths)
            {
                var runs = results.Where(r => r.Variant == v && r.Length == t).ToList();
                int ok = runs.Count(r => r.Succeeded);
                var steps = runs.Where(r => r.Succeeded).Select(r => (double)r.StepsToSuccess!.Value).Order().ToList();
                string median = steps.Count == 0 ? "-" : $"{Median(steps):N0}";
                double final = Median(runs.Select(r => r.TestMetric).Order().ToList());
                row.Add($"{ok}/{seeds} · steps {median} · {Format(final, regression)}");
            }
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }
        table.Caption($"success rate · median steps to success · median final test {(regression ? "MSE" : "error")}");
        AnsiConsole.Write(table);
    }

    static void WriteCsv(string path, List<LongRangeResult> results)
    {
        var csv = new StringBuilder("model,length,seed,step,metric,gradient_norm,whh_norm,succeeded,steps_to_success\n");
        foreach (var r in results)
            foreach (var p in r.Curve)
                csv.AppendLine(string.Join(',', r.Variant.Name, r.Length, r.Seed, p.Step, Invariant(p.Metric), Invariant(p.GradientNorm), Invariant(p.RecurrentNorm),
                    r.Succeeded ? "true" : "false", r.StepsToSuccess?.ToString(CultureInfo.InvariantCulture) ?? ""));
        AtomicFile.WriteAllText(path, csv.ToString());
    }

    static string Invariant(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    static string Format(double metric, bool regression) => regression ? metric.ToString("F4", CultureInfo.InvariantCulture) : $"{metric:P2}";

    static double Median(List<double> sorted) => sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    static List<T> ParseList<T>(string text, string option, Func<string, T> parse)
    {
        var items = new List<T>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            items.Add(parse(part));
        return items.Count > 0 ? items : throw new ElmanException($"{option} is empty");
    }
}
