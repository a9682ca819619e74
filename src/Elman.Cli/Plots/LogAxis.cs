using System.Globalization;
using ScottPlot;

namespace Elman.Cli.Plots;

/// <summary>
/// A log-scale y axis for ScottPlot 5, which has none: values are plotted as log10(y) and ticks are
/// placed and labelled by hand (10ᵏ for wide ranges; 1, 2, 5 × 10ᵏ for narrow ones). Non-positive or
/// non-finite values have no logarithm and are left out.
/// </summary>
static class LogAxis
{
    /// <summary>A plot in a font that has the glyphs of the notation (∂, ℓ, ‖, ₂, ⁻), where the system has one.</summary>
    public static Plot NewPlot()
    {
        var plot = new Plot();
        Style(plot);
        return plot;
    }

    /// <summary>Applies the font of <see cref="NewPlot"/> to an existing plot (e.g. a subplot).</summary>
    public static void Style(Plot plot)
    {
        // The usual default, DejaVu Serif, has no ℓ.
        if (HasSans) plot.Font.Set("DejaVu Sans");
    }

    static readonly bool HasSans = SkiaSharp.SKFontManager.Default.MatchFamily("DejaVu Sans") is not null;

    /// <summary>Adds a line through the points with a positive, finite y (as log10 y); returns null when there are none.</summary>
    public static ScottPlot.Plottables.Scatter? AddLine(Plot plot, IReadOnlyList<double> xs, IReadOnlyList<double> ys, Color color,
        string? legend = null, LinePattern? pattern = null, float width = 2)
    {
        var px = new List<double>();
        var py = new List<double>();
        for (int n = 0; n < Math.Min(xs.Count, ys.Count); n++)
            if (ys[n] > 0 && double.IsFinite(ys[n]))
            {
                px.Add(xs[n]);
                py.Add(Math.Log10(ys[n]));
            }
        if (px.Count == 0) return null;
        var line = plot.Add.Scatter(px.ToArray(), py.ToArray(), color);
        line.MarkerSize = px.Count == 1 ? 5 : 0;
        line.LineWidth = width;
        line.LinePattern = pattern ?? LinePattern.Solid;
        if (legend is not null) line.LegendText = legend;
        return line;
    }

    /// <summary>Fits the axes to the data and labels the left axis in powers of ten; call after adding the lines.</summary>
    public static void Apply(Plot plot, string label)
    {
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        plot.Axes.Left.TickGenerator = Ticks(limits.Bottom, limits.Top);
        plot.YLabel(label);
    }

    static ScottPlot.TickGenerators.NumericManual Ticks(double bottom, double top)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        if (!(top > bottom)) (bottom, top) = (bottom - 1, top + 1);
        int first = (int)Math.Floor(bottom), last = (int)Math.Ceiling(top);
        double decades = top - bottom;
        if (decades >= 2.5)
        {
            int step = Math.Max(1, (int)Math.Ceiling(decades / 8));
            for (int k = first; k <= last; k++)
            {
                if (k % step == 0) ticks.AddMajor(k, PowerOfTen(1, k));
                else ticks.AddMinor(k);
                if (step == 1) for (int m = 2; m <= 9; m++) ticks.AddMinor(k + Math.Log10(m));
            }
            return ticks;
        }
        int[] mantissas = decades >= 0.8 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
        for (int k = first; k <= last; k++)
            for (int m = 1; m <= 9; m++)
            {
                double at = k + Math.Log10(m);
                if (mantissas.Contains(m)) ticks.AddMajor(at, PowerOfTen(m, k));
                else ticks.AddMinor(at);
            }
        return ticks;
    }

    // m × 10ᵏ: plain digits for 0.01..9000, else "2×10⁻⁴".
    static string PowerOfTen(int mantissa, int exponent)
    {
        if (exponent is >= -2 and <= 3) return (mantissa * Math.Pow(10, exponent)).ToString("G4", CultureInfo.InvariantCulture);
        const string superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        string power = "10" + (exponent < 0 ? "⁻" : "") + string.Concat(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).Select(c => superscripts[c - '0']));
        return mantissa == 1 ? power : $"{mantissa}×{power}";
    }
}
