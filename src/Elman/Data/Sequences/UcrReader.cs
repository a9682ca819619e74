using Elman.Data.Text;

namespace Elman.Data.Sequences;

/// <summary>
/// Reads the UCR time-series classification archive's format: one univariate series per line, the class
/// label first, then the values. <c>.tsv</c> files (UCR 2018) separate fields by tabs; <c>.txt</c> files
/// (the 2015 archive) by commas or runs of spaces. Series of unequal length are padded with NaN at the
/// end, which gives the lengths; a NaN before a series' last value is a missing value and is refused
/// (the archive publishes gap-filled versions of those data sets).
/// </summary>
public static class UcrReader
{
    /// <summary>Reads <paramref name="path"/>; tabs separate fields in .tsv files, commas or spaces otherwise.</summary>
    /// <exception cref="ElmanException">A field is not a number, a value is missing inside a series, labels mix kinds.</exception>
    public static NumericSequences Read(string path)
    {
        if (!File.Exists(path)) throw new ElmanException($"{path}: data file not found");
        bool tabs = Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase);
        return Parse(Utf8TextDecoder.DecodeStrict(File.ReadAllBytes(path), path), path, tabs);
    }

    /// <summary>Reads file contents already in memory; <paramref name="source"/> names the file in messages.</summary>
    public static NumericSequences Parse(string text, string source, bool tabs)
    {
        var labelTexts = new List<string>();
        var labelLines = new List<int>();
        var series = new List<float[]>();
        int lineNumber = 0;
        var values = new List<float>();
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line)) continue;
            var fields = Fields(line, tabs);
            labelTexts.Add(fields[0].Text);
            labelLines.Add(lineNumber);
            values.Clear();
            int lastValue = -1;
            for (int f = 1; f < fields.Count; f++)
            {
                var (field, column) = fields[f];
                if (!NumericField.TryParse(field, out float v))
                    throw new DataFormatException(source, lineNumber, column, field.Length == 0 ? "empty field, expected a number" : $"'{Elman.IO.MessageText.OneLine(field, 40)}' is not a number");
                if (float.IsInfinity(v)) throw new DataFormatException(source, lineNumber, column, $"{field} is not finite, expected finite values");
                if (!float.IsNaN(v)) lastValue = values.Count;
                values.Add(v);
            }
            if (lastValue < 0) throw new DataFormatException(source, lineNumber, fields[0].Column, fields.Count == 1 ? "the line holds a label but no values" : "every value of the series is NaN");
            int nanInside = values.FindIndex(0, lastValue, float.IsNaN);
            if (nanInside >= 0)
                throw new DataFormatException(source, lineNumber, fields[nanInside + 1].Column, $"value {nanInside + 1} of the series is NaN before its last value, expected NaN only as padding at the end");
            series.Add(values.GetRange(0, lastValue + 1).ToArray());
        }
        if (series.Count == 0) throw new ElmanException($"{source}: no series (the file has no data lines)");
        var (labels, classNames) = ClassLabels.FromTexts(labelTexts, (i, problem) => new DataFormatException(source, labelLines[i], 1, problem));
        return Pack(source, series, labels, classNames);
    }

    /// <summary>Pads univariate series to the longest: x [N, T, 1].</summary>
    internal static NumericSequences Pack(string source, List<float[]> series, int[] labels, string[] classNames)
    {
        int steps = series.Max(s => s.Length);
        var x = new float[checked(series.Count * steps)];   // [N, T, 1]
        var lengths = new int[series.Count];
        for (int n = 0; n < series.Count; n++)
        {
            series[n].CopyTo(x, n * steps);
            lengths[n] = series[n].Length;
        }
        return new NumericSequences(source, x, series.Count, steps, 1, lengths, labels, classNames);
    }

    // Fields with their 1-based columns; with spaces as separators, runs of them count as one.
    static List<(string Text, int Column)> Fields(string line, bool tabs)
    {
        var fields = new List<(string, int)>();
        if (tabs || line.Contains(','))
        {
            char separator = tabs ? '\t' : ',';
            int start = 0;
            while (true)
            {
                int end = line.IndexOf(separator, start);
                if (end < 0) end = line.Length;
                fields.Add((line[start..end].Trim(), start + 1));
                if (end == line.Length) break;
                start = end + 1;
            }
            // A separator at the end of a line (some exports write one) leaves no value.
            if (fields.Count > 1 && fields[^1].Item1.Length == 0) fields.RemoveAt(fields.Count - 1);
            return fields;
        }
        for (int i = 0; i < line.Length;)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
            int start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            if (i > start) fields.Add((line[start..i], start + 1));
        }
        return fields;
    }
}
