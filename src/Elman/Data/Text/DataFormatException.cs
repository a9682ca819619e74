namespace Elman.Data.Text;

/// <summary>
/// A malformed row in a data file, located by file, line and column (both 1-based). The message is one
/// line: <c>path:line:column: problem</c>, the form editors and compilers use, so a user can jump to it.
/// </summary>
public sealed class DataFormatException : ElmanException
{
    /// <summary>A problem at <paramref name="line"/>:<paramref name="column"/> of <paramref name="file"/>.</summary>
    public DataFormatException(string file, int line, int column, string problem)
        : base($"{file}:{line}:{column}: {problem}")
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file as the user named it.</summary>
    public string File { get; }
    /// <summary>1-based line where the problem is.</summary>
    public int Line { get; }
    /// <summary>1-based column (in UTF-16 characters for text, in bytes for JSON) where the problem is.</summary>
    public int Column { get; }
    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }
}
