using Elman.Experiments;
using ScottPlot;

namespace Elman.Cli.Plots;

/// <summary>Learning curves, gradient-norm and ‖W_hh‖₂ tracks of the long-range runs at one length, on log scales.</summary>
static class LongRangePlots
{
    public static void Write(string path, List<LongRangeResult> runs, string task, int length, string metric)
    {
        var plot = new Multiplot();
        plot.AddPlots(3);
        var curves = plot.GetPlot(0);
        var norms = plot.GetPlot(1);
        var weights = plot.GetPlot(2);
        LogAxis.Style(curves);
        LogAxis.Style(norms);
        LogAxis.Style(weights);
        var names = runs.Select(r => r.Variant.Name).Distinct().ToList();
        foreach (var run in runs)
        {
            var color = PngFile.SeriesColor(names.IndexOf(run.Variant.Name));
            var steps = run.Curve.Select(p => (double)p.Step).ToArray();
            string? legend = run.Seed == runs[0].Seed ? run.Variant.Name : null;
            LogAxis.AddLine(curves, steps, run.Curve.Select(p => p.Metric).ToArray(), color, legend, width: 1.5f);
            LogAxis.AddLine(norms, steps, run.Curve.Select(p => p.GradientNorm).ToArray(), color, legend, width: 1.5f);
            LogAxis.AddLine(weights, steps, run.Curve.Select(p => p.RecurrentNorm).ToArray(), color, legend, width: 1.5f);
        }
        Finish(curves, $"{task}, T = {length}: validation {metric}", $"validation {metric}");
        Finish(norms, "mean gradient 2-norm before clipping", "gradient norm");
        Finish(weights, "‖W_hh‖₂: the per-step factor of the bound ‖∂h_t/∂h_i‖₂ ≤ ‖W_hh‖₂^(t−i)", "‖W_hh‖₂");
        PngFile.Save(plot, path, 900, 1100);
    }

    static void Finish(Plot plot, string title, string yLabel)
    {
        plot.Title(title);
        plot.XLabel("SGD steps");
        LogAxis.Apply(plot, yLabel);
        plot.ShowLegend(Alignment.UpperRight);
    }
}
