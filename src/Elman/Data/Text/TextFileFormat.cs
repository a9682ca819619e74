namespace Elman.Data.Text;

/// <summary>The layouts <see cref="LabelledTextReader"/> reads, chosen by file extension.</summary>
public enum TextFileFormat
{
    /// <summary>Comma-separated values with a header row (.csv).</summary>
    Csv,
    /// <summary>Tab-separated values with a header row (.tsv, .tab).</summary>
    Tsv,
    /// <summary>One JSON object per line (.jsonl, .ndjson).</summary>
    JsonLines,
    /// <summary>One text per line, no labels (.txt and anything else; only for prediction inputs).</summary>
    Lines,
}
