using System.Globalization;

namespace Elman.Cli.Commands;

/// <summary>Number formats of the analysis tables.</summary>
static class Numbers
{
    /// <summary>Four significant digits in scientific notation with a short exponent: 1.234e-05.</summary>
    public static string Sci(double x) => double.IsFinite(x) ? x.ToString("0.000e+00", CultureInfo.InvariantCulture) : x.ToString(CultureInfo.InvariantCulture);
}
