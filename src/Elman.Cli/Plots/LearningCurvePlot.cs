using Elman.Runs;
using Elman.Training;
using ScottPlot;

namespace Elman.Cli.Plots;

/// <summary>
/// The learning curve of a run as a PNG: losses on the left axis, validation accuracy on the right; for
/// an ensemble, every member's validation loss with a dot at the epoch it keeps.
/// </summary>
static class LearningCurvePlot
{
    /// <summary>A text run's curve: every member's validation loss for an ensemble with validation, else the first member's losses.</summary>
    public static void SaveRun(RunResult result, string path)
    {
        var run = result.Run;
        var members = result.Members;
        bool validation = result.Data.Validation is not null;
        string head = $"elman train: {run.Data.Name}";
        string width = run.Text is { } text ? $"D = {text.Embedding}" : $"D = {result.Data.InputSize} features";
        if (members.Count > 1 && validation)
            SaveMembers(members.Select(m => m.Reports).ToList(), members.Select(m => m.BestEpoch).ToList(), run.Seed,
                $"{head}, ensemble of {members.Count}, H = {run.Model.Hidden}, {width}", path);
        else
            Save(members[0].Reports, validation ? members[0].BestEpoch : 0,
                $"{head}, H = {run.Model.Hidden}, {width}, seed {run.Seed}{(members.Count > 1 ? $" (member 1 of {members.Count})" : "")}", path);
    }

    public static void SaveMembers(IReadOnlyList<IReadOnlyList<EpochReport>> members, IReadOnlyList<int> keptEpochs, ulong firstSeed, string title, string path)
    {
        var plot = new Plot();
        for (int m = 0; m < members.Count; m++)
        {
            var reports = members[m];
            var validation = plot.Add.Scatter(reports.Select(r => (double)r.Epoch).ToArray(), reports.Select(r => r.Validation!.Loss).ToArray());
            validation.LegendText = $"member {m + 1} (seed {firstSeed + (ulong)m})";
            validation.MarkerSize = 0;
            if (reports.FirstOrDefault(r => r.Epoch == keptEpochs[m]) is { } kept)
            {
                var marker = plot.Add.Marker(kept.Epoch, kept.Validation!.Loss);
                marker.Color = validation.Color;
                marker.Size = 9;
            }
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("validation cross-entropy (dot: the epoch kept)");
        Finish(plot, path);
    }

    public static void Save(IReadOnlyList<EpochReport> reports, int bestEpoch, string title, string path)
    {
        var plot = new Plot();
        double[] epochs = [.. reports.Select(r => (double)r.Epoch)];
        var train = plot.Add.Scatter(epochs, reports.Select(r => r.TrainLoss).ToArray());
        train.LegendText = "training loss";
        if (reports.All(r => r.Validation is not null))
        {
            var validation = plot.Add.Scatter(epochs, reports.Select(r => r.Validation!.Loss).ToArray());
            validation.LegendText = "validation loss";
            var accuracy = plot.Add.Scatter(epochs, reports.Select(r => 100 * r.Validation!.Accuracy).ToArray());
            accuracy.LegendText = "validation accuracy (%)";
            accuracy.LinePattern = LinePattern.Dashed;
            accuracy.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "validation accuracy (%)";
        }
        if (bestEpoch > 0)
        {
            var best = plot.Add.VerticalLine(bestEpoch);
            best.LinePattern = LinePattern.Dotted;
            best.Color = Colors.Gray;
            best.LegendText = $"kept: epoch {bestEpoch}";
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("mean cross-entropy");
        Finish(plot, path);
    }

    static void Finish(Plot plot, string path)
    {
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Edge.Bottom);   // below the axes, where it never hides a curve
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        PngFile.Save(plot, path, 900, 540);
    }
}
