using Elman.IO;
using ScottPlot;

namespace Elman.Cli.Plots;

/// <summary>Writes plots as PNG atomically (temp file + rename), like every other file Elman writes.</summary>
static class PngFile
{
    public static void Save(Plot plot, string path, int width, int height)
        => AtomicFile.WriteAllBytes(path, plot.GetImageBytes(width, height, ImageFormat.Png));

    public static void Save(Multiplot plots, string path, int width, int height)
        => AtomicFile.WriteAllBytes(path, plots.Render(width, height).GetImageBytes(ImageFormat.Png));

    /// <summary>A colour per series, from a fixed palette so figures stay comparable between runs.</summary>
    public static Color SeriesColor(int index) => new ScottPlot.Palettes.Category10().GetColor(index);
}
