using Elman.Analysis;
using Elman.Cli.Commands;
using Elman.Model;
using ScottPlot;
using Elman.Layers;

namespace Elman.Cli.Plots;

/// <summary>The figures of <c>elman analyse</c>.</summary>
static class GradientFlowPlots
{
    /// <summary>‖∂h_t/∂h_i‖₂ against lag (mean, median, quartiles, min, max) under its tight and loose bounds; t is the step the classifier reads.</summary>
    public static void Jacobian(GradientFlowReport r, string path)
    {
        var plot = LogAxis.NewPlot();
        string t = r.Direction == Direction.Forward ? "T" : "1";
        var lags = Enumerable.Range(0, r.JacobianNorms.Length).Select(l => (double)l).ToArray();
        LogAxis.AddLine(plot, lags, r.JacobianNorms.Select(s => s.Mean).ToArray(), PngFile.SeriesColor(0), $"‖∂h_{t}/∂h_i‖₂, mean over sequences", width: 2.5f);
        LogAxis.AddLine(plot, lags, r.JacobianNorms.Select(s => s.Median).ToArray(), PngFile.SeriesColor(0), "median", LinePattern.Dashed, width: 1.5f);
        LogAxis.AddLine(plot, lags, r.JacobianNorms.Select(s => s.LowerQuartile).ToArray(), PngFile.SeriesColor(0).WithAlpha(0.7), "quartiles", LinePattern.Dotted, width: 1);
        LogAxis.AddLine(plot, lags, r.JacobianNorms.Select(s => s.UpperQuartile).ToArray(), PngFile.SeriesColor(0).WithAlpha(0.7), pattern: LinePattern.Dotted, width: 1);
        LogAxis.AddLine(plot, lags, r.JacobianNorms.Select(s => s.Min).ToArray(), PngFile.SeriesColor(0).WithAlpha(0.35), "min and max", width: 1);
        LogAxis.AddLine(plot, lags, r.JacobianNorms.Select(s => s.Max).ToArray(), PngFile.SeriesColor(0).WithAlpha(0.35), width: 1);
        LogAxis.AddLine(plot, lags, r.TightBounds.Select(s => s.Mean).ToArray(), PngFile.SeriesColor(1), "∏ ‖diag σ'(z_k)‖₂ ‖W_hh‖₂ (tight bound, mean)", LinePattern.Dashed);
        LogAxis.AddLine(plot, lags, lags.Select(l => r.Bound((int)l)).ToArray(), PngFile.SeriesColor(3), $"‖W_hh‖₂^lag = {r.SpectralNormWhh:F3}^lag (loose bound)", LinePattern.Dotted);
        LogAxis.AddLine(plot, lags, r.LossGradientNorms.Select(s => s.Mean).ToArray(), PngFile.SeriesColor(2), "‖∂ℓ/∂h_i‖₂, mean", width: 1.5f);
        LogAxis.Apply(plot, "norm (log scale)");
        plot.XLabel(r.LagText);
        plot.Title($"Gradient flow through {r.Name}: Jacobian norms and their bounds");
        plot.ShowLegend(Edge.Bottom);
        PngFile.Save(plot, path, 1000, 600);
    }

    /// <summary>
    /// The temporal contribution profile: ‖C_i‖_F of the mean loss against step i (left), and each
    /// sequence's own ‖C‖_F against lag, median and quartiles (right), which lines up sequences of
    /// different lengths at the state the classifier reads.
    /// </summary>
    public static void Contributions(GradientFlowReport r, string path)
    {
        var figure = new Multiplot();
        figure.AddPlots(2);
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(1, 2);

        var byStep = figure.GetPlot(0);
        LogAxis.Style(byStep);
        var steps = Enumerable.Range(1, r.Contributions.Length).Select(i => (double)i).ToArray();
        string legend = r.Direction == Direction.Forward
            ? "‖C_i‖_F, C_i = (∂ℓ/∂h_T)(∂h_T/∂h_i)(∂h_i⁺/∂W_hh)"
            : "‖C_i‖_F, C_i = (∂ℓ/∂h_1)(∂h_1/∂h_i)(∂h_i⁺/∂W_hh_reverse)";
        LogAxis.AddLine(byStep, steps, r.Contributions, PngFile.SeriesColor(0), legend, width: 2.5f);
        LogAxis.Apply(byStep, "‖C_i‖_F (log scale)");
        byStep.XLabel(r.Direction == Direction.Forward ? "step i (C_1 = 0 because h_0 = 0)" : "step i (C_T = 0 because h_(T+1) = 0)");
        byStep.Title($"∂ℓ/∂W_hh of the mean loss by step, {r.Name}");
        byStep.ShowLegend(Edge.Bottom);

        var byLag = figure.GetPlot(1);
        LogAxis.Style(byLag);
        var lags = Enumerable.Range(0, r.ContributionsByLag.Length).Select(l => (double)l).ToArray();
        LogAxis.AddLine(byLag, lags, r.ContributionsByLag.Select(s => s.Median).ToArray(), PngFile.SeriesColor(1), "‖C‖_F of each sequence's loss, median", width: 2.5f);
        LogAxis.AddLine(byLag, lags, r.ContributionsByLag.Select(s => s.LowerQuartile).ToArray(), PngFile.SeriesColor(1).WithAlpha(0.6), "quartiles", LinePattern.Dotted, width: 1.5f);
        LogAxis.AddLine(byLag, lags, r.ContributionsByLag.Select(s => s.UpperQuartile).ToArray(), PngFile.SeriesColor(1).WithAlpha(0.6), pattern: LinePattern.Dotted, width: 1.5f);
        LogAxis.Apply(byLag, "‖C‖_F (log scale)");
        byLag.XLabel(r.LagText);
        byLag.Title($"The same by lag over {r.Lag90.Length} sequence(s)");
        byLag.ShowLegend(Edge.Bottom);
        PngFile.Save(figure, path, 1400, 600);
    }

    /// <summary>The distribution of σ'(z_t) as bars (linear y: fractions).</summary>
    public static void Derivatives(DerivativeHistogram d, string name, string path)
    {
        var plot = LogAxis.NewPlot();
        double width = 1.0 / d.Bins;
        var bars = Enumerable.Range(0, d.Bins).Select(b => new Bar
        {
            Position = d.LowerEdge(b) + width / 2,
            Value = d.Total == 0 ? 0 : (double)d.Counts[b] / d.Total,
            Size = width * 0.9,
            FillColor = PngFile.SeriesColor(0),
        }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Margins(bottom: 0);
        plot.XLabel(d.Nonlinearity == Nonlinearity.Relu ? "σ'(z) ∈ {0, 1}: 0 = inactive unit" : "σ'(z) = 1 − h²: near 0 = saturated unit");
        plot.YLabel("fraction of steps × units");
        plot.Title($"Distribution of σ', {name} ({RnnConfig.NonlinearityName(d.Nonlinearity)}): mean {d.Mean:F3}, {d.SaturatedFraction:P1} below {DerivativeHistogram.SaturationThreshold}");
        PngFile.Save(plot, path, 800, 500);
    }
}
