using Elman.Training.Experiments;
using ScottPlot;

namespace Elman.Cli.Commands;

/// <summary>Learning curves and gradient-norm tracks of the long-range runs at one length, on log scales.</summary>
static class LongRangePlots
{
    public static void Write(string path, List<LongRangeResult> runs, string task, int length, string metric)
    {
        var plot = new Multiplot();
        plot.AddPlots(2);
        var curves = plot.GetPlot(0);
        var norms = plot.GetPlot(1);
        var palette = new ScottPlot.Palettes.Category10();
        var names = runs.Select(r => r.Variant.Name).Distinct().ToList();
        foreach (var run in runs)
        {
            var color = palette.GetColor(names.IndexOf(run.Variant.Name));
            var steps = run.Curve.Select(p => (double)p.Step).ToArray();
            bool first = run.Seed == runs[0].Seed;
            AddLog(curves, steps, run.Curve.Select(p => p.Metric).ToArray(), color, first ? run.Variant.Name : null);
            AddLog(norms, steps, run.Curve.Select(p => p.GradientNorm).ToArray(), color, first ? run.Variant.Name : null);
        }
        Style(curves, $"{task}, T = {length}: validation {metric} (log scale)", $"validation {metric}");
        Style(norms, "mean gradient 2-norm before clipping (log scale)", "gradient norm");
        plot.SavePng(path, 900, 800);
    }

    static void AddLog(Plot plot, double[] xs, double[] ys, Color color, string? label)
    {
        var points = xs.Zip(ys).Where(p => p.Second > 0 && double.IsFinite(p.Second)).ToArray();
        if (points.Length == 0) return;
        var line = plot.Add.ScatterLine(points.Select(p => p.First).ToArray(), points.Select(p => Math.Log10(p.Second)).ToArray());
        line.Color = color;
        line.LineWidth = 1.5f;
        line.MarkerSize = 0;
        if (label is not null) line.LegendText = label;
    }

    static void Style(Plot plot, string title, string yLabel)
    {
        plot.Title(title);
        plot.XLabel("SGD steps");
        plot.YLabel(yLabel);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, LabelFormatter = y => $"1e{y:0}" };
        plot.ShowLegend(Alignment.UpperRight);
    }
}
