using System.Globalization;

namespace Elman.Data.Sequences;

/// <summary>Parses one number of a text data file: invariant culture, "NaN" in any case, "?" where the format allows it.</summary>
static class NumericField
{
    /// <summary>Parses <paramref name="text"/> (already trimmed); NaN for "nan" in any case.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out float value)
    {
        if (text.Equals("nan", StringComparison.OrdinalIgnoreCase)) { value = float.NaN; return true; }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) { value = (float)d; return true; }
        value = 0;
        return false;
    }
}
