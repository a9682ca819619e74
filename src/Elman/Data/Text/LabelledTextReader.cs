using System.Text.Json;

namespace Elman.Data.Text;

/// <summary>
/// Reads labelled texts from a user's CSV, TSV or JSON Lines file. CSV and TSV need a header row that
/// names the columns; JSON Lines objects name them as keys. Labels may be any visible string; JSON
/// numbers are labels in their shortest decimal form, so 1, 1.0 and 1e0 are one class "1"; booleans are
/// "true" and "false". A header that names a column twice, a JSON object with a key twice, and text and
/// label read from one column are refused. A malformed row (ragged, unclosed quote, invalid JSON or
/// UTF-8, missing or empty text or label) is a <see cref="DataFormatException"/> naming file, line and
/// column, unless <c>skipBadRows</c> is set: then it is counted and left out.
/// </summary>
public static class LabelledTextReader
{
    /// <summary>The format of <paramref name="path"/> by its extension; anything unknown reads as one text per line.</summary>
    public static TextFileFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => TextFileFormat.Csv,
        ".tsv" or ".tab" => TextFileFormat.Tsv,
        ".jsonl" or ".ndjson" => TextFileFormat.JsonLines,
        _ => TextFileFormat.Lines,
    };

    /// <summary>Reads <paramref name="path"/>; with <paramref name="labelColumn"/> null only texts are read (labels are "").</summary>
    /// <exception cref="ElmanException">The file is missing, lacks a named column, has no rows, or (without <paramref name="skipBadRows"/>) has a malformed row.</exception>
    public static LabelledTextFile Read(string path, string textColumn = "text", string? labelColumn = "label", bool skipBadRows = false)
    {
        if (!File.Exists(path)) throw new ElmanException($"{path}: data file not found");
        var format = FormatOf(path);
        if (format == TextFileFormat.Lines && labelColumn is not null)
            throw new ElmanException($"{path}: unknown data file type '{Path.GetExtension(path)}', expected .csv, .tsv or .jsonl (with columns '{textColumn}' and '{labelColumn}')");
        return Parse(File.ReadAllBytes(path), format, path, textColumn, labelColumn, skipBadRows);
    }

    /// <summary>Reads file contents already in memory; <paramref name="source"/> names the file in messages.</summary>
    /// <exception cref="ElmanException">As for <see cref="Read"/>.</exception>
    public static LabelledTextFile Parse(ReadOnlySpan<byte> bytes, TextFileFormat format, string source, string textColumn = "text", string? labelColumn = "label", bool skipBadRows = false)
    {
        if (labelColumn is not null && string.Equals(textColumn, labelColumn, StringComparison.OrdinalIgnoreCase))
            throw new ElmanException($"{source}: the text and the label would both be read from column '{textColumn}'; expected two different columns");
        var decoded = Utf8TextDecoder.Decode(bytes);
        var sink = new RowSink(source, skipBadRows);
        switch (format)
        {
            case TextFileFormat.Csv: ReadDelimited(decoded, ',', textColumn, labelColumn, sink); break;
            case TextFileFormat.Tsv: ReadDelimited(decoded, '\t', textColumn, labelColumn, sink); break;
            case TextFileFormat.JsonLines: ReadJsonLines(decoded, textColumn, labelColumn, sink); break;
            default: ReadLines(decoded, sink); break;
        }
        if (sink.Rows.Count == 0)
            throw new ElmanException(sink.Skipped > 0 ? $"{source}: no usable rows ({sink.Skipped} malformed rows skipped; first: {sink.FirstProblem!.Message})" : $"{source}: no data rows");
        return new LabelledTextFile(source, sink.Rows, sink.Skipped, sink.FirstProblem);
    }

    static void ReadDelimited(DecodedText decoded, char delimiter, string textColumn, string? labelColumn, RowSink sink)
    {
        string kind = delimiter == ',' ? "CSV" : "TSV";
        using var rows = DelimitedTextParser.Parse(decoded.Text, delimiter).GetEnumerator();
        if (!rows.MoveNext()) return;
        var header = rows.Current;
        if (decoded.FirstInvalid(header.Line, header.EndLine) is { } badHeader)
            throw new DataFormatException(sink.Source, badHeader.Line, badHeader.Column, "invalid UTF-8 in the header row (save the file as UTF-8)");
        if (header.Problem is { } hp) throw new DataFormatException(sink.Source, hp.Where.Line, hp.Where.Column, $"header row: {hp.Message}");
        var names = header.Fields.Select(f => f.Value.Trim()).ToArray();
        var duplicate = names.Where(n => n.Length > 0).GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new DataFormatException(sink.Source, header.Line, 1, $"the {kind} header names column '{Elman.IO.MessageText.OneLine(duplicate.Key, 40)}' twice; expected unique column names");
        int textIndex = HeaderColumn.IndexOf(names, textColumn, header, sink.Source, $"the {kind} header has no column");
        int labelIndex = labelColumn is null ? -1 : HeaderColumn.IndexOf(names, labelColumn, header, sink.Source, $"the {kind} header has no column");
        if (labelIndex == textIndex)
            throw new DataFormatException(sink.Source, header.Line, 1, $"the text and the label would both be read from column '{names[textIndex]}'; expected two different columns");

        while (rows.MoveNext())
        {
            var row = rows.Current;
            if (decoded.FirstInvalid(row.Line, row.EndLine) is { } bad) { sink.Bad(bad.Line, bad.Column, "invalid UTF-8 (save the file as UTF-8)"); continue; }
            if (row.Problem is { } p) { sink.Bad(p.Where.Line, p.Where.Column, p.Message); continue; }
            if (row.Fields.Count != names.Length)
            {
                var (line, column) = row.Fields.Count > names.Length
                    ? (row.Fields[names.Length].Line, row.Fields[names.Length].Column)
                    : (row.Fields[^1].Line, row.Fields[^1].Column + row.Fields[^1].Value.Length);
                sink.Bad(line, column, $"row has {row.Fields.Count} fields, expected {names.Length} as in the header");
                continue;
            }
            var text = row.Fields[textIndex];
            if (string.IsNullOrWhiteSpace(text.Value)) { sink.Bad(text.Line, text.Column, $"empty text in column '{textColumn}'"); continue; }
            if (labelIndex < 0) { sink.Add(new LabelledText(text.Value, "")); continue; }
            var label = row.Fields[labelIndex];
            if (string.IsNullOrWhiteSpace(label.Value)) { sink.Bad(label.Line, label.Column, $"empty label in column '{labelColumn}'"); continue; }
            if (ControlCharacter(label.Value) is { } control) { sink.Bad(label.Line, label.Column, $"label in column '{labelColumn}' holds control character {control}; labels are printed and must be visible text"); continue; }
            sink.Add(new LabelledText(text.Value, label.Value.Trim()));
        }
    }

    static void ReadJsonLines(DecodedText decoded, string textColumn, string? labelColumn, RowSink sink)
    {
        int lineNumber = 0;
        foreach (var line in decoded.Text.Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (decoded.FirstInvalid(lineNumber, lineNumber) is { } bad) { sink.Bad(bad.Line, bad.Column, "invalid UTF-8 (save the file as UTF-8)"); continue; }
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (JsonException e)
            {
                sink.Bad(lineNumber, (int)(e.BytePositionInLine ?? 0) + 1, $"invalid JSON: {JsonProblem(e)}");
                continue;
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) { sink.Bad(lineNumber, 1, $"expected a JSON object per line, found {Kind(root)}"); continue; }
                if (KeyProblem(root) is { } keyProblem) { sink.Bad(lineNumber, 1, keyProblem); continue; }
                if (!TryString(root, textColumn, allowScalars: false, out var text, out var why)) { sink.Bad(lineNumber, 1, $"key '{textColumn}' {why}"); continue; }
                if (string.IsNullOrWhiteSpace(text)) { sink.Bad(lineNumber, 1, $"empty text in key '{textColumn}'"); continue; }
                if (labelColumn is null) { sink.Add(new LabelledText(text, "")); continue; }
                if (!TryString(root, labelColumn, allowScalars: true, out var label, out why)) { sink.Bad(lineNumber, 1, $"key '{labelColumn}' {why}"); continue; }
                if (string.IsNullOrWhiteSpace(label)) { sink.Bad(lineNumber, 1, $"empty label in key '{labelColumn}'"); continue; }
                if (ControlCharacter(label) is { } control) { sink.Bad(lineNumber, 1, $"label in key '{labelColumn}' holds control character {control}; labels are printed and must be visible text"); continue; }
                sink.Add(new LabelledText(text, label.Trim()));
            }
        }
    }

    static bool TryString(JsonElement obj, string key, bool allowScalars, out string value, out string why)
    {
        value = "";
        why = "";
        if (!obj.TryGetProperty(key, out var element)) { why = "is missing"; return false; }
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                try { value = element.GetString()!; return true; }
                catch (InvalidOperationException) { why = "is not valid Unicode (a lone surrogate escape such as \\ud800)"; return false; }
            case JsonValueKind.Number when allowScalars: value = CanonicalNumber(element); return true;
            case JsonValueKind.True or JsonValueKind.False when allowScalars: value = element.GetRawText(); return true;
            default: why = $"is {Kind(element)}, expected a string{(allowScalars ? ", number or boolean" : "")}"; return false;
        }
    }

    // 1, 1.0 and 1e0 are one number, so one class: the shortest decimal form ("1", "0.5", "1E+300").
    static string CanonicalNumber(JsonElement number)
    {
        if (number.TryGetDecimal(out decimal exact))
            return (exact / 1.000000000000000000000000000000000m).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return number.TryGetDouble(out double value) && double.IsFinite(value)
            ? value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
            : number.GetRawText();
    }

    // A key that appears twice would make the row mean whichever one a reader picks; a key with a lone
    // surrogate escape has no string value at all.
    static string? KeyProblem(JsonElement obj)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            string name;
            try { name = property.Name; }
            catch (InvalidOperationException) { return "a key is not valid Unicode (a lone surrogate escape such as \\ud800)"; }
            if (!seen.Add(name)) return $"key '{Elman.IO.MessageText.OneLine(name, 40)}' appears twice";
        }
        return null;
    }

    // "U+0000" for the first control character of a label, or null.
    static string? ControlCharacter(string label)
    {
        foreach (char c in label)
            if (char.IsControl(c) && c != '\t') return $"U+{(int)c:X4}";
        return null;
    }

    static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        _ => "a boolean",
    };

    // System.Text.Json appends "LineNumber: 0 | BytePositionInLine: 7." and a path; the location is reported separately.
    static string JsonProblem(JsonException e)
    {
        string message = e.Message;
        foreach (var marker in new[] { " LineNumber:", " Path:" })
        {
            int at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at > 0) message = message[..at];
        }
        return Elman.IO.MessageText.OneLine(message.Trim().TrimEnd('.'), 200);
    }

    static void ReadLines(DecodedText decoded, RowSink sink)
    {
        int lineNumber = 0;
        foreach (var line in decoded.Text.Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (decoded.FirstInvalid(lineNumber, lineNumber) is { } bad) { sink.Bad(bad.Line, bad.Column, "invalid UTF-8 (save the file as UTF-8)"); continue; }
            sink.Add(new LabelledText(line.TrimEnd('\r'), ""));
        }
    }

    // Collects rows; a bad row throws or is counted, as the caller chose.
    sealed class RowSink(string source, bool skipBadRows)
    {
        public string Source => source;
        public List<LabelledText> Rows { get; } = [];
        public int Skipped { get; private set; }
        public DataFormatException? FirstProblem { get; private set; }

        public void Add(LabelledText row) => Rows.Add(row);

        public void Bad(int line, int column, string problem)
        {
            var error = new DataFormatException(source, line, column, problem);
            if (!skipBadRows) throw error;
            FirstProblem ??= error;
            Skipped++;
        }
    }
}
