using Elman.Data.Text;

namespace Elman.Data.Sequences;

/// <summary>
/// Reads the <c>.ts</c> format of sktime and the UEA/UCR archive. Header lines (tags case-insensitive)
/// come first: <c>@problemName</c>, <c>@timeStamps false</c>, <c>@missing</c>, <c>@univariate</c>,
/// <c>@dimensions</c>, <c>@equalLength</c>, <c>@seriesLength</c>, <c>@classLabel true c1 c2 …</c>, then
/// <c>@data</c>; <c>#</c> starts a comment. After <c>@data</c> each line is one case: its dimensions
/// separated by ':', the values of a dimension by ',', and the class label last. "?" (or NaN) is a missing
/// value: at the end of a case it is padding (unequal lengths); a dimension shorter than the case's
/// longest is padded the same way; a missing value before the case's last value is refused.
/// Time-stamped data and regression targets (<c>@targetLabel</c>) are not read. A file without class labels
/// (<c>@classLabel false</c>) reads as unlabelled sequences when labels are not required.
/// </summary>
public static class TsFileReader
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="ElmanException">A malformed header or case, a label not declared, a missing value inside a case.</exception>
    public static NumericSequences Read(string path, bool requireLabels = true)
    {
        if (!File.Exists(path)) throw new ElmanException($"{path}: data file not found");
        return Parse(Utf8TextDecoder.DecodeStrict(File.ReadAllBytes(path), path), path, requireLabels);
    }

    /// <summary>Reads file contents already in memory; <paramref name="source"/> names the file in messages.</summary>
    public static NumericSequences Parse(string text, string source, bool requireLabels = true)
    {
        var lines = text.Split('\n');
        int lineNumber = 0;
        string[]? declared = null;
        int declaredLine = 0, dimensions = 0, seriesLength = 0;
        bool data = false;
        // Header.
        for (; lineNumber < lines.Length && !data; lineNumber++)
        {
            string line = lines[lineNumber].Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line[0] != '@') throw new DataFormatException(source, lineNumber + 1, 1, "expected a header line starting with '@' (or @data before the cases)");
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            string tag = words[0].ToLowerInvariant();
            string? Value() => words.Length > 1 ? words[1].ToLowerInvariant() : null;
            switch (tag)
            {
                case "@data": data = true; break;
                case "@timestamps" when Value() == "true":
                    throw new DataFormatException(source, lineNumber + 1, 1, "time-stamped .ts data (@timeStamps true) is not supported; write the values without time stamps");
                case "@targetlabel" when Value() == "true":
                    throw new DataFormatException(source, lineNumber + 1, 1, "the file holds regression targets (@targetLabel true), expected class labels (@classLabel true …)");
                case "@classlabel":
                    if (Value() != "true")
                    {
                        if (requireLabels) throw new DataFormatException(source, lineNumber + 1, 1, "the file has no class labels (@classLabel false), expected @classLabel true followed by the class names");
                        break;
                    }
                    declared = words[2..];
                    declaredLine = lineNumber + 1;
                    if (declared.Length == 0) throw new DataFormatException(source, lineNumber + 1, 1, "@classLabel true names no classes");
                    break;
                case "@univariate" when Value() == "true": dimensions = 1; break;
                case "@dimensions" or "@dimension":
                    if (!int.TryParse(words.ElementAtOrDefault(1), out dimensions) || dimensions < 1)
                        throw new DataFormatException(source, lineNumber + 1, 1, $"{words[0]} needs a positive integer");
                    break;
                case "@serieslength":
                    if (!int.TryParse(words.ElementAtOrDefault(1), out seriesLength) || seriesLength < 1)
                        throw new DataFormatException(source, lineNumber + 1, 1, "@seriesLength needs a positive integer");
                    break;
                default: break;   // @problemName, @missing, @equalLength, @univariate false, … describe the data; the cases are checked directly.
            }
        }
        if (!data) throw new ElmanException($"{source}: no @data line (a .ts file has header lines, then @data, then one case per line)");
        if (declared is null && requireLabels) throw new ElmanException($"{source}: no @classLabel line, expected @classLabel true followed by the class names before @data");
        bool labelled = declared is not null;
        declared ??= [];

        var cases = new List<float[]>();   // each [T, D], row-major
        var caseLengths = new List<int>();
        var labelTexts = new List<string>(declared);
        var labelWhere = new List<(int Line, int Column)>(declared.Select(_ => (declaredLine, 1)));
        var declaredSet = declared.ToHashSet(StringComparer.Ordinal);
        for (; lineNumber < lines.Length; lineNumber++)
        {
            string line = lines[lineNumber].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var parts = Split(line, ':', 0);
            var (label, labelColumn) = labelled ? parts[^1] : ("", line.Length + 1);
            label = label.Trim();
            if (labelled && !declaredSet.Contains(label))
                throw new DataFormatException(source, lineNumber + 1, labelColumn, $"class label '{Elman.IO.MessageText.OneLine(label, 40)}' is not declared in @classLabel ({string.Join(" ", declared.Take(20))})");
            int dims = labelled ? parts.Count - 1 : parts.Count;
            if (dims == 0) throw new DataFormatException(source, lineNumber + 1, 1, "the case has a label but no values");
            if (dimensions == 0) dimensions = dims;
            if (dims != dimensions) throw new DataFormatException(source, lineNumber + 1, labelColumn, $"the case has {dims} dimensions, expected {dimensions}{(cases.Count > 0 ? " as the cases before it" : " as the header says")}");
            var values = new List<float>[dims];
            var columns = new List<int>[dims];
            int length = 0;
            for (int d = 0; d < dims; d++)
            {
                values[d] = [];
                columns[d] = [];
                foreach (var (field, column) in Split(parts[d].Text, ',', parts[d].Column - 1))
                {
                    string value = field.Trim();
                    float v = float.NaN;
                    if (value != "?" && !NumericField.TryParse(value, out v))
                        throw new DataFormatException(source, lineNumber + 1, column, value.Length == 0 ? "empty value, expected a number or '?'" : $"'{Elman.IO.MessageText.OneLine(value, 40)}' is not a number");
                    if (float.IsInfinity(v)) throw new DataFormatException(source, lineNumber + 1, column, $"{value} is not finite, expected finite values");
                    values[d].Add(v);
                    columns[d].Add(column);
                }
                int last = values[d].FindLastIndex(v => !float.IsNaN(v));
                length = Math.Max(length, last + 1);
            }
            if (length == 0) throw new DataFormatException(source, lineNumber + 1, 1, "every value of the case is missing");
            if (seriesLength > 0 && length > seriesLength) throw new DataFormatException(source, lineNumber + 1, 1, $"the case has {length} values per dimension, more than @seriesLength {seriesLength}");
            var x = new float[length * dims];   // [T, D]
            for (int d = 0; d < dims; d++)
                for (int t = 0; t < length; t++)
                {
                    float v = t < values[d].Count ? values[d][t] : float.NaN;
                    if (float.IsNaN(v))
                    {
                        int column = t < columns[d].Count ? columns[d][t] : parts[d].Column + parts[d].Text.Length;
                        throw new DataFormatException(source, lineNumber + 1, column, $"dimension {d + 1} is missing value {t + 1} of {length}, expected missing values ('?') only at the end of a case");
                    }
                    x[t * dims + d] = v;
                }
            cases.Add(x);
            caseLengths.Add(length);
            labelTexts.Add(label);
            labelWhere.Add((lineNumber + 1, labelColumn));
        }
        if (cases.Count == 0) throw new ElmanException($"{source}: no cases after @data");
        if (!labelled) return Pack(source, cases, caseLengths, dimensions, [], []);
        var (allLabels, classNames) = ClassLabels.FromTexts(labelTexts, (i, problem) => new DataFormatException(source, labelWhere[i].Line, labelWhere[i].Column, problem));
        return Pack(source, cases, caseLengths, dimensions, allLabels[declared.Length..], classNames);
    }

    static NumericSequences Pack(string source, List<float[]> cases, List<int> lengths, int dims, int[] labels, string[] classNames)
    {
        int steps = lengths.Max();
        var x = new float[checked(cases.Count * steps * dims)];   // [N, T, D]
        for (int n = 0; n < cases.Count; n++) cases[n].CopyTo(x, n * steps * dims);
        return new NumericSequences(source, x, cases.Count, steps, dims, [.. lengths], labels, classNames);
    }

    // Parts of `text` split at `separator`, each with its 1-based column in the line (`offset` = column of text[0] − 1).
    static List<(string Text, int Column)> Split(string text, char separator, int offset)
    {
        var parts = new List<(string, int)>();
        int start = 0;
        while (true)
        {
            int end = text.IndexOf(separator, start);
            if (end < 0) end = text.Length;
            parts.Add((text[start..end], offset + start + 1));
            if (end == text.Length) return parts;
            start = end + 1;
        }
    }
}
