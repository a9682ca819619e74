using System.Globalization;
using Elman.Data.Text;

namespace Elman.Data.Sequences;

/// <summary>
/// Reads CSV or TSV in long format: a header row naming the columns, then one row per time step with the
/// sequence id, optionally a step (the order of the sequence's rows; else file order), the label (the same
/// on every row of a sequence) and the feature values. Rows of different sequences may interleave;
/// sequences may differ in length. Sequences keep the order in which their first row appears.
/// </summary>
public static class LongFormatReader
{
    /// <summary>Reads <paramref name="path"/>: commas separate fields in .csv files, tabs otherwise.</summary>
    /// <exception cref="ElmanException">A named column is missing, a row is malformed, a value is not a finite number, a label changes within a sequence, a step repeats.</exception>
    public static NumericSequences Read(string path, NumericReadOptions? options = null)
    {
        if (!File.Exists(path)) throw new ElmanException($"{path}: data file not found");
        char delimiter = Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? ',' : '\t';
        return Parse(Utf8TextDecoder.DecodeStrict(File.ReadAllBytes(path), path), path, delimiter, options ?? new NumericReadOptions());
    }

    /// <summary>Reads file contents already in memory; <paramref name="source"/> names the file in messages.</summary>
    public static NumericSequences Parse(string text, string source, char delimiter, NumericReadOptions options)
    {
        var rows = DelimitedTextParser.Parse(text, delimiter).ToList();
        if (rows.Count == 0) throw new ElmanException($"{source}: empty file, expected a header row and one row per time step");
        var header = rows[0];
        if (header.Problem is { } hp) throw new DataFormatException(source, hp.Where.Line, hp.Where.Column, $"header row: {hp.Message}");
        var names = header.Fields.Select(f => f.Value.Trim()).ToArray();
        for (int r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Problem is { } p) throw new DataFormatException(source, p.Where.Line, p.Where.Column, p.Message);
            if (row.Fields.Count != names.Length)
            {
                var last = row.Fields[^1];
                var (line, column) = row.Fields.Count > names.Length ? (row.Fields[names.Length].Line, row.Fields[names.Length].Column) : (last.Line, last.Column + last.Value.Length);
                throw new DataFormatException(source, line, column, $"row has {row.Fields.Count} fields, expected {names.Length} as in the header");
            }
        }
        if (rows.Count == 1) throw new ElmanException($"{source}: no data rows after the header");
        var data = rows.Skip(1).ToList();

        int sequenceIndex = HeaderColumn.IndexOf(names, options.SequenceColumn, header, source, "the header has no sequence column");
        // Inputs to predict on may lack the label column; then the sequences are unlabelled.
        int labelIndex = !options.RequireLabels && !names.Contains(options.LabelColumn, StringComparer.OrdinalIgnoreCase) ? -1 : HeaderColumn.IndexOf(names, options.LabelColumn, header, source, "the header has no label column");
        int stepIndex = options.StepColumn is { } step ? HeaderColumn.IndexOf(names, step, header, source, "the header has no step column")
            : Array.FindIndex(names, n => n.Equals("step", StringComparison.OrdinalIgnoreCase));
        int[] featureIndices = options.FeatureColumns is { } chosen
            ? chosen.Select(c => HeaderColumn.IndexOf(names, c, header, source, "the header has no feature column")).ToArray()
            : Enumerable.Range(0, names.Length)
                .Where(i => i != sequenceIndex && i != labelIndex && i != stepIndex && data.All(r => NumericField.TryParse(r.Fields[i].Value.Trim(), out _)))
                .ToArray();
        if (featureIndices.Length == 0)
            throw new DataFormatException(source, header.Line, 1, $"no feature columns: no column other than {string.Join(", ", new[] { sequenceIndex, labelIndex, stepIndex }.Where(i => i >= 0).Select(i => $"'{names[i]}'"))} holds only numbers");

        var order = new List<string>();
        var bySequence = new Dictionary<string, List<(double Step, float[] Values, DelimitedRow Row)>>(StringComparer.Ordinal);
        var labelOf = new Dictionary<string, DelimitedField>(StringComparer.Ordinal);
        foreach (var row in data)
        {
            string id = row.Fields[sequenceIndex].Value.Trim();
            if (id.Length == 0) throw At(source, row.Fields[sequenceIndex], $"empty sequence id in column '{names[sequenceIndex]}'");
            var label = labelIndex >= 0 ? row.Fields[labelIndex] : default;
            if (!bySequence.TryGetValue(id, out var steps))
            {
                bySequence[id] = steps = [];
                order.Add(id);
                labelOf[id] = label;
            }
            else if (labelIndex >= 0 && label.Value.Trim() != labelOf[id].Value.Trim())
                throw At(source, label, $"label '{Elman.IO.MessageText.OneLine(label.Value.Trim(), 40)}' differs from '{Elman.IO.MessageText.OneLine(labelOf[id].Value.Trim(), 40)}' on line {labelOf[id].Line} for sequence '{Elman.IO.MessageText.OneLine(id, 40)}', expected one label per sequence");
            double stepValue = steps.Count;
            if (stepIndex >= 0)
            {
                var field = row.Fields[stepIndex];
                if (!double.TryParse(field.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out stepValue) || !double.IsFinite(stepValue))
                    throw At(source, field, $"step '{Elman.IO.MessageText.OneLine(field.Value.Trim(), 40)}' in column '{names[stepIndex]}' is not a number");
            }
            var values = new float[featureIndices.Length];
            for (int f = 0; f < featureIndices.Length; f++)
            {
                var field = row.Fields[featureIndices[f]];
                if (!NumericField.TryParse(field.Value.Trim(), out values[f]))
                    throw At(source, field, $"'{Elman.IO.MessageText.OneLine(field.Value.Trim(), 40)}' in feature column '{names[featureIndices[f]]}' is not a number");
                if (!float.IsFinite(values[f]))
                    throw At(source, field, $"{field.Value.Trim()} in feature column '{names[featureIndices[f]]}' is not finite, expected finite values");
            }
            steps.Add((stepValue, values, row));
        }

        int features = featureIndices.Length;
        int longest = 0;
        foreach (var id in order)
        {
            var steps = bySequence[id];
            if (stepIndex >= 0)
            {
                // A stable sort keeps file order for equal steps, so the repeat reported is the later row.
                var sorted = steps.Select((s, i) => (s, i)).OrderBy(p => p.s.Step).ThenBy(p => p.i).Select(p => p.s).ToList();
                for (int k = 1; k < sorted.Count; k++)
                    if (sorted[k].Step == sorted[k - 1].Step)
                    {
                        var (later, earlier) = sorted[k].Row.Line > sorted[k - 1].Row.Line ? (sorted[k], sorted[k - 1]) : (sorted[k - 1], sorted[k]);
                        throw At(source, later.Row.Fields[stepIndex], $"step {later.Step.ToString(CultureInfo.InvariantCulture)} of sequence '{Elman.IO.MessageText.OneLine(id, 40)}' repeats (first on line {earlier.Row.Line})");
                    }
                bySequence[id] = sorted;
            }
            longest = Math.Max(longest, steps.Count);
        }

        var x = new float[checked(order.Count * longest * features)];   // [N, T, D]
        var lengths = new int[order.Count];
        for (int n = 0; n < order.Count; n++)
        {
            var steps = bySequence[order[n]];
            lengths[n] = steps.Count;
            for (int t = 0; t < steps.Count; t++) steps[t].Values.CopyTo(x, (n * longest + t) * features);
        }
        var labelFields = order.Select(id => labelOf[id]).ToArray();
        var (labels, classNames) = labelIndex < 0 ? ([], [])
            : ClassLabels.FromTexts(labelFields.Select(f => f.Value.Trim()).ToArray(), (i, problem) => At(source, labelFields[i], problem));
        return new NumericSequences(source, x, order.Count, longest, features, lengths, labels, classNames);
    }

    static DataFormatException At(string source, DelimitedField field, string problem) => new(source, field.Line, field.Column, problem);
}
