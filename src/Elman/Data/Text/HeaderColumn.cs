namespace Elman.Data.Text;

/// <summary>Finds a named column in a CSV/TSV header: the exact name first, then ignoring case; a missing one is a one-line error listing what the header has.</summary>
static class HeaderColumn
{
    /// <summary>The index of <paramref name="column"/> in <paramref name="names"/>.</summary>
    /// <param name="names">The header's column names.</param>
    /// <param name="column">The column wanted.</param>
    /// <param name="header">The header row (for the error's line).</param>
    /// <param name="source">The file, for the error.</param>
    /// <param name="missing">The error's lead, e.g. "the CSV header has no column"; the quoted name and the found columns follow.</param>
    /// <exception cref="DataFormatException">No such column.</exception>
    public static int IndexOf(string[] names, string column, DelimitedRow header, string source, string missing)
    {
        int index = Array.IndexOf(names, column);
        if (index < 0) index = Array.FindIndex(names, n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
            throw new DataFormatException(source, header.Line, 1,
                $"{missing} '{column}' (found {string.Join(", ", names.Select(n => $"'{Elman.IO.MessageText.OneLine(n, 40)}'").Take(20))})");
        return index;
    }
}
