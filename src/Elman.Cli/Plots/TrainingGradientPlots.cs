using Elman.Cli.Commands;
using ScottPlot;

namespace Elman.Cli.Plots;

/// <summary>The figure of <c>elman train --track-gradients</c>: norms against epoch, and ‖∂ℓ/∂h_i‖₂ against lag with one line per epoch.</summary>
static class TrainingGradientPlots
{
    public static void Save(GradientTracker tracker, string path)
    {
        var rows = tracker.Rows;
        var figure = new Multiplot();
        figure.AddPlots(2);
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(1, 2);

        var norms = figure.GetPlot(0);
        LogAxis.Style(norms);
        var epochs = rows.Select(r => (double)r.Epoch.Epoch).ToArray();
        int layers = rows[0].Flow.SpectralNormsWhh.Length;
        bool reverse = rows[0].Flow.ReverseSpectralNormsWhh.Length > 0;
        for (int k = 0; k < layers; k++)
        {
            LogAxis.AddLine(norms, epochs, rows.Select(r => r.Flow.SpectralNormsWhh[k]).ToArray(), PngFile.SeriesColor(k), $"‖W_hh‖₂, layer {k}{(reverse ? " forward" : "")}");
            if (reverse)
                LogAxis.AddLine(norms, epochs, rows.Select(r => r.Flow.ReverseSpectralNormsWhh[k]).ToArray(), PngFile.SeriesColor(k), $"‖W_hh‖₂, layer {k} reverse", LinePattern.Dotted);
        }
        LogAxis.AddLine(norms, epochs, rows.Select(r => r.Flow.GradientNorm).ToArray(), PngFile.SeriesColor(layers), "‖∂ℓ/∂θ‖₂ on the probe batch");
        LogAxis.AddLine(norms, epochs, rows.Select(r => r.Epoch.MeanGradientNorm).ToArray(), PngFile.SeriesColor(layers + 1), "mean ‖∂ℓ/∂θ‖₂ over the epoch's steps", LinePattern.Dashed);
        LogAxis.Apply(norms, "norm (log scale)");
        norms.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        norms.XLabel("epoch");
        norms.Title("Weights and gradients during training");
        norms.ShowLegend(Edge.Bottom);

        var flow = figure.GetPlot(1);
        LogAxis.Style(flow);
        var colormap = new ScottPlot.Colormaps.Viridis();
        for (int n = 0; n < rows.Count; n++)
        {
            var summary = rows[n].Flow.LossGradientNorms;
            var lags = Enumerable.Range(0, summary.Length).Select(l => (double)l).ToArray();
            bool labelled = n == 0 || n == rows.Count - 1;
            var color = colormap.GetColor(rows.Count == 1 ? 0 : 0.9 * n / (rows.Count - 1));
            LogAxis.AddLine(flow, lags, summary.Select(s => s.Mean).ToArray(), color,
                labelled ? $"epoch {rows[n].Epoch.Epoch}{(reverse ? ", forward (lag T − i)" : "")}" : null, width: labelled ? 2.5f : 1.2f);
            if (reverse)
            {
                var back = rows[n].Flow.ReverseLossGradientNorms;
                LogAxis.AddLine(flow, Enumerable.Range(0, back.Length).Select(l => (double)l).ToArray(), back.Select(s => s.Mean).ToArray(), color,
                    labelled ? $"epoch {rows[n].Epoch.Epoch}, reverse (lag i − 1)" : null, LinePattern.Dashed, width: labelled ? 2.5f : 1.2f);
            }
        }
        LogAxis.Apply(flow, "‖∂ℓ/∂h_i‖₂ (log scale)");
        flow.XLabel(reverse ? "lag from the state the classifier reads: T − i forward, i − 1 reverse (top layer, mean over the probe batch)" : "lag T − i (top layer, mean over the probe batch)");
        flow.Title("Gradient flow back in time, one line per epoch");
        flow.ShowLegend(Edge.Bottom);
        PngFile.Save(figure, path, 1400, 600);
    }
}
