namespace Elman.Data.Text;

/// <summary>A 1-based line and column in a text file.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column, in UTF-16 characters.</param>
public readonly record struct TextPosition(int Line, int Column);
