using System.Globalization;
using Elman.Baselines;
using Elman.Runs;
using Elman.Training;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>The end of <c>elman train</c>: how long training took, which weights were kept, the test split's report beside the baseline.</summary>
static class TrainReport
{
    // "lowest validation loss", "highest validation macro-F1": how the kept epoch was chosen.
    static string Best(TrainingRun run)
    {
        var metric = run.Optimization.SelectBy;
        return $"{(metric.LowerIsBetter() ? "lowest" : "highest")} validation {metric.Describe()}";
    }

    public static void Print(RunResult result)
    {
        var run = result.Run;
        var members = result.Members;
        var first = members[0];
        var validation = result.Data.Validation;
        if (run.Data is SyntheticData)
        {
            if (result.Test is { } t) Reports.PrintEvaluation($"test (epoch {first.BestEpoch} weights, {Best(run)})", t, result.Data.ClassNames);
            return;
        }
        int keptEpoch = validation is null ? first.Reports[^1].Epoch : first.BestEpoch;
        string kept = run.Optimization.EmaDecay > 0 ? "averaged weights" : "weights";
        if (members.Count == 1)
            AnsiConsole.MarkupLine($"trained {first.Reports.Count} epoch{(first.Reports.Count == 1 ? "" : "s")} in {result.TrainingTime.TotalSeconds:F1} s; keeping the {kept} of epoch {keptEpoch}{(validation is null ? "" : $" ({Best(run)})")}");
        else
            AnsiConsole.MarkupLine($"trained {members.Count} members in {result.TrainingTime.TotalSeconds:F1} s ({string.Join(", ", members.Select(m => m.Reports.Count))} epochs); each keeps the {kept} of its {(validation is null ? "last epoch" : Best(run))}");
        if (result.Test is not { } test)
        {
            AnsiConsole.MarkupLine("[yellow]the test split is empty: no test report[/]");
            return;
        }
        if (members.Count > 1)
            AnsiConsole.MarkupLine($"members' test accuracy: {string.Join(", ", result.MemberTests.Select(m => m.Accuracy.ToString("P2", CultureInfo.InvariantCulture)))}");
        Reports.PrintEvaluation(members.Count > 1 ? $"test (ensemble of {members.Count})" : $"test (epoch {keptEpoch} {kept})", test, result.Data.ClassNames);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var baseline = result.Data.Text is { } text ? TextBaseline.Evaluate(text) : null;
        var baselines = clock.Elapsed;
        Reports.PrintClassification(ClassificationReport.FromConfusion(test.Confusion), result.Data.ClassNames,
            baseline is null ? null : (TextBaseline.Describe(result.Data.Text!.Encoder.Tokenizer.Kind), baseline, clock.Elapsed));
        if (result.Data.Text is { } texts)
        {
            clock.Restart();
            if (TextBaseline.EvaluateLogistic(texts) is { } logistic)
                AnsiConsole.MarkupLine($"[bold]baseline[/] (L2 logistic regression on the same n-grams, C = {logistic.C.ToString(CultureInfo.InvariantCulture)} chosen on validation): accuracy [bold]{logistic.Report.Accuracy:P2}[/], macro-F1 {logistic.Report.MacroF1:F4} (fit in {clock.Elapsed.TotalSeconds:F1} s)");
            baselines += clock.Elapsed;
        }
        AnsiConsole.MarkupLine(Markup.Escape(TimeLine(result, baselines)));
    }

    // "time: data 2.8 s · training 62.1 s (forward+backward 50.3 s, batches 0.4 s, clip+optimiser 3.1 s, validation 6.0 s,
    // other 2.3 s) · merge 0.1 s · test 0.4 s · baselines 9.6 s": where the run's wall time went, for docs/performance.md.
    static string TimeLine(RunResult result, TimeSpan baselines)
    {
        static string S(TimeSpan t) => $"{t.TotalSeconds:F1} s";
        var m = result.MemberTimes;
        var other = result.TrainingTime - m.Total;
        string parts = m.Total > TimeSpan.Zero
            ? $" (forward+backward {S(m.Gradients)}, batches {S(m.Batches)}, clip+optimiser {S(m.Updates)}, validation {S(m.Validation)}{(other > TimeSpan.Zero ? $", other {S(other)}" : "")})"
            : "";
        string merge = result.Members.Count > 1 ? $" · merge {S(result.MergeTime)}" : "";
        string fitted = baselines > TimeSpan.Zero ? $" · baselines {S(baselines)}" : "";
        return $"time: data {S(result.Data.Elapsed)} · training {S(result.TrainingTime)}{parts}{merge} · test {S(result.TestTime)}{fitted}";
    }
}
