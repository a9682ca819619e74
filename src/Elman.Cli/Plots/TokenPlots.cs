using Elman.Analysis;
using Elman.Cli.Commands;
using ScottPlot;

namespace Elman.Cli.Plots;

/// <summary>The figure of <c>elman analyse --text</c> for one text: per-token quantities with the tokens along the x axis (log-scale y).</summary>
static class TokenPlots
{
    public static void Save(TokenReport r, string path)
    {
        var figure = new Multiplot();
        figure.AddPlots(2);
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 1);
        var steps = Enumerable.Range(1, r.Length).Select(i => (double)i).ToArray();

        var chain = figure.GetPlot(0);
        LogAxis.Style(chain);
        for (int n = 0; n < r.Profiles.Count; n++)
        {
            var p = r.Profiles[n];
            string t = p.Direction == Direction.Forward ? "T" : "1";
            var color = PngFile.SeriesColor(n);
            LogAxis.AddLine(chain, steps, p.JacobianNorms, color, $"{r.Short(p)}: ‖∂h_{t}/∂h_i‖₂", width: 2.5f);
            LogAxis.AddLine(chain, steps, p.TightBounds, color, "tight bound", LinePattern.Dashed, width: 1.5f);
            LogAxis.AddLine(chain, steps, p.LooseBounds, color.WithAlpha(0.6), $"‖W_hh‖₂^lag = {p.SpectralNormWhh:F2}^lag", LinePattern.Dotted, width: 1.5f);
        }
        LogAxis.Apply(chain, "norm (log scale)");
        Tokens(chain, r);
        chain.Title(r.Title);
        chain.ShowLegend(Edge.Bottom);

        var gradient = figure.GetPlot(1);
        LogAxis.Style(gradient);
        LogAxis.AddLine(gradient, steps, r.InputGradientNorms, Colors.Black, "‖∂ℓ/∂x_i‖₂ (token i's embedding)", width: 2.5f);
        for (int n = 0; n < r.Profiles.Count; n++)
            LogAxis.AddLine(gradient, steps, r.Profiles[n].ContributionNorms, PngFile.SeriesColor(n), $"{r.Short(r.Profiles[n])}: ‖C_i‖_F, step i's term of ∂ℓ/∂W_hh", width: 2f);
        LogAxis.Apply(gradient, "norm (log scale)");
        Tokens(gradient, r);
        gradient.XLabel("token i (forward lag T − i, reverse lag i − 1)");
        gradient.ShowLegend(Edge.Bottom);
        PngFile.Save(figure, path, 1000, 900);
    }

    // The tokens as the x axis's tick labels: every one of a short text, every k-th of a long one so they do not overlap.
    static void Tokens(Plot plot, TokenReport r)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        int every = Math.Max(1, (int)Math.Ceiling(r.Length / 40.0));
        for (int i = 1; i <= r.Length; i++)
            if ((i - 1) % every == 0) ticks.AddMajor(i, r.Text.Display(i));
            else ticks.AddMinor(i);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(0.5, r.Length + 0.5);
    }
}
