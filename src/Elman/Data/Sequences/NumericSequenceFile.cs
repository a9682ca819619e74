using System.Globalization;

namespace Elman.Data.Sequences;

/// <summary>
/// The one entry point for numeric sequence files: detects the format from the extension and reads it.
/// <list type="bullet">
/// <item><c>.npz</c> → <see cref="NpzReader"/>; <c>NAME.x.npy</c> or a directory → <see cref="NpyPairReader"/>.</item>
/// <item><c>.safetensors</c> → <see cref="SafeTensorsSequenceReader"/>; <c>.ts</c> → <see cref="TsFileReader"/>.</item>
/// <item><c>.csv</c> → long format (<see cref="LongFormatReader"/>); <c>.txt</c> → UCR (<see cref="UcrReader"/>).</item>
/// <item><c>.tsv</c> is either: UCR when the first field of the first non-blank line is a number (a UCR
/// line starts with its label; a long-format header starts with a column name) and no column is chosen
/// in the options; long format otherwise.</item>
/// </list>
/// </summary>
public static class NumericSequenceFile
{
    /// <summary>The format of <paramref name="path"/>, from the options if they name one, else from the extension (and, for .tsv, the first line).</summary>
    /// <exception cref="ElmanException">The extension is not one of the formats.</exception>
    public static NumericFileFormat FormatOf(string path, NumericReadOptions? options = null)
    {
        options ??= new NumericReadOptions();
        if (options.Format is { } format) return format;
        if (Directory.Exists(path)) return NumericFileFormat.Npy;
        string extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".npz" => NumericFileFormat.Npz,
            ".npy" => NumericFileFormat.Npy,
            ".safetensors" => NumericFileFormat.SafeTensors,
            ".ts" => NumericFileFormat.Ts,
            ".csv" => NumericFileFormat.Long,
            ".txt" => NumericFileFormat.Ucr,
            ".tsv" => !options.NamesColumns && FirstFieldIsNumber(path) ? NumericFileFormat.Ucr : NumericFileFormat.Long,
            _ => throw new ElmanException($"{path}: unknown data file type '{extension}', expected .npz, NAME.x.npy, .safetensors, .csv, .tsv, .txt (UCR) or .ts"),
        };
    }

    /// <summary>Reads <paramref name="path"/> in its format (see the type's summary).</summary>
    /// <exception cref="ElmanException">The file is missing or malformed; the message names the file and the array and index, or line and column.</exception>
    public static NumericSequences Read(string path, NumericReadOptions? options = null)
    {
        options ??= new NumericReadOptions();
        if (!File.Exists(path) && !Directory.Exists(path)) throw new ElmanException($"{path}: data file not found");
        return FormatOf(path, options) switch
        {
            NumericFileFormat.Npz => NpzReader.Read(path, options.RequireLabels),
            NumericFileFormat.Npy => NpyPairReader.Read(path, options.RequireLabels),
            NumericFileFormat.SafeTensors => SafeTensorsSequenceReader.Read(path, options.RequireLabels),
            NumericFileFormat.Ts => TsFileReader.Read(path, options.RequireLabels),
            NumericFileFormat.Ucr => UcrReader.Read(path),
            _ => LongFormatReader.Read(path, options),
        };
    }

    // Reads only as far as the first field of the first non-blank line.
    static bool FirstFieldIsNumber(string path)
    {
        if (!File.Exists(path)) return false;
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            int tab = line.IndexOf('\t');
            var first = (tab < 0 ? line : line[..tab]).Trim().Trim('"');
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        }
        return false;
    }
}
