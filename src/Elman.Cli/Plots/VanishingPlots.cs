using Elman.Analysis;
using Elman.Cli.Commands;
using ScottPlot;

namespace Elman.Cli.Plots;

/// <summary>The figure of <c>elman experiment vanishing</c>: a grid of regimes (columns) × W_hh kinds (rows), a line per scale with its bound dashed.</summary>
static class VanishingPlots
{
    public static void Save(IReadOnlyList<VanishingCurve> curves, string path, bool lossGradient)
    {
        var regimes = Enum.GetValues<ActivationRegime>();
        var kinds = new[] { RecurrentMatrixKind.Orthogonal, RecurrentMatrixKind.Gaussian };
        var scales = curves.Select(c => c.Scale).Distinct().ToList();
        var figure = new Multiplot();
        figure.AddPlots(regimes.Length * kinds.Length);
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(kinds.Length, regimes.Length);
        for (int row = 0; row < kinds.Length; row++)
            for (int col = 0; col < regimes.Length; col++)
            {
                var plot = figure.GetPlot(row * regimes.Length + col);
                LogAxis.Style(plot);
                foreach (var c in curves.Where(c => c.Regime == regimes[col] && c.Kind == kinds[row]))
                {
                    var color = PngFile.SeriesColor(scales.IndexOf(c.Scale));
                    var lags = Enumerable.Range(0, c.JacobianNorms.Length).Select(l => (double)l).ToArray();
                    var mean = (lossGradient ? c.LossGradientNorms : c.JacobianNorms).Select(s => s.Mean).ToArray();
                    LogAxis.AddLine(plot, lags, mean, color, $"‖W_hh‖₂ = {c.Scale}: rate {(lossGradient ? c.LossGradientGrowthRate : c.GrowthRate):F3}");
                    LogAxis.AddLine(plot, lags, lossGradient ? c.LossGradientBound : c.JacobianBound, color, pattern: LinePattern.Dashed, width: 1.2f,
                        legend: c.Scale == scales[^1] ? (lossGradient ? "dashed: ‖∂ℓ/∂h_T‖₂ ‖W_hh‖₂^(T−i)" : "dashed: bound ‖W_hh‖₂^(T−i)") : null);
                }
                LogAxis.Apply(plot, lossGradient ? "‖∂ℓ/∂h_i‖₂" : "‖∂h_T/∂h_i‖₂");
                plot.XLabel("lag T − i");
                plot.Title($"{VanishingReport.Title(regimes[col])}, {(kinds[row] == RecurrentMatrixKind.Orthogonal ? "s × orthogonal W_hh" : "Gaussian W_hh rescaled to s")}", size: 13);
                plot.ShowLegend(Alignment.LowerLeft);
                plot.Legend.FontSize = 10;
            }
        PngFile.Save(figure, path, 1200, 740);
    }
}
