using System.Globalization;
using System.Text;
using Elman.IO;

namespace Elman.Cli.Commands;

/// <summary>Comma-separated tables with a header row, numbers in invariant culture at full precision, written atomically.</summary>
static class CsvFile
{
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object>> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', header));
        foreach (var row in rows) text.AppendLine(string.Join(',', row.Select(Format)));
        AtomicFile.WriteAllText(path, text.ToString());
    }

    static string Format(object value) => value switch
    {
        double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
