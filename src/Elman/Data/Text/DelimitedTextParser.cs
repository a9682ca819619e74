using System.Text;

namespace Elman.Data.Text;

/// <summary>One field of a delimited row, with where it starts.</summary>
/// <param name="Value">The field's text, unquoted.</param>
/// <param name="Line">1-based line of its first character.</param>
/// <param name="Column">1-based column of its first character.</param>
public record struct DelimitedField(string Value, int Line, int Column);

/// <summary>A row of a CSV or TSV file: its fields, or the first problem that made it unreadable.</summary>
/// <param name="Line">1-based line where the row starts.</param>
/// <param name="EndLine">1-based line where it ends (later than <paramref name="Line"/> when a quoted field holds line breaks).</param>
/// <param name="Fields">The fields read before any problem.</param>
/// <param name="Problem">Where and what the problem is; null for a well-formed row.</param>
public sealed record DelimitedRow(int Line, int EndLine, IReadOnlyList<DelimitedField> Fields, (TextPosition Where, string Message)? Problem);

/// <summary>
/// Splits CSV (RFC 4180) or TSV text into rows. A field that starts with a double quote is quoted: it
/// may hold delimiters and line breaks, and <c>""</c> stands for one quote. A quote inside an unquoted
/// field is kept as is (as Python's csv module does), so TSV files without quoting read naturally.
/// Empty and whitespace-only lines are skipped. Line ends may be LF or CRLF.
/// </summary>
public static class DelimitedTextParser
{
    /// <summary>The rows of <paramref name="text"/>, split at <paramref name="delimiter"/> (',' for CSV, '\t' for TSV).</summary>
    public static IEnumerable<DelimitedRow> Parse(string text, char delimiter)
    {
        var cursor = new Cursor(text);
        var value = new StringBuilder();
        while (!cursor.AtEnd)
        {
            if (cursor.RestOfLineIsBlank())
            {
                cursor.SkipLine();
                continue;
            }
            int startLine = cursor.Line;
            var fields = new List<DelimitedField>();
            (TextPosition, string)? problem = null;
            while (true)
            {
                var start = cursor.Position;
                value.Clear();
                // A delimiter as the file's last character leaves an empty last field.
                if (!cursor.AtEnd && cursor.Current == '"')
                {
                    cursor.Advance();
                    problem = ReadQuoted(cursor, value, start);
                    if (problem is null && !cursor.AtEnd && cursor.Current != delimiter && !cursor.AtLineEnd)
                        problem = (cursor.Position, $"unexpected {Describe(cursor.Current)} after the closing quote of a field (a quoted field must end at a delimiter or line end)");
                }
                else
                {
                    while (!cursor.AtEnd && cursor.Current != delimiter && !cursor.AtLineEnd)
                    {
                        value.Append(cursor.Current);
                        cursor.Advance();
                    }
                }
                if (problem is not null)
                {
                    // Resynchronise at the next line: the rest of this one cannot be trusted.
                    int badEnd = cursor.Line;
                    cursor.SkipLine();
                    yield return new DelimitedRow(startLine, badEnd, fields, problem);
                    break;
                }
                fields.Add(new DelimitedField(value.ToString(), start.Line, start.Column));
                if (!cursor.AtEnd && cursor.Current == delimiter)
                {
                    cursor.Advance();
                    continue;
                }
                int endLine = cursor.Line;
                cursor.SkipLine();
                yield return new DelimitedRow(startLine, endLine, fields, null);
                break;
            }
        }
    }

    static (TextPosition, string)? ReadQuoted(Cursor cursor, StringBuilder value, TextPosition opening)
    {
        while (true)
        {
            if (cursor.AtEnd) return (opening, "quoted field is never closed (a '\"' opens it here and the file ends first)");
            char c = cursor.Current;
            cursor.Advance();
            if (c != '"')
            {
                value.Append(c);
                continue;
            }
            if (cursor.AtEnd || cursor.Current != '"') return null;
            value.Append('"');
            cursor.Advance();
        }
    }

    static string Describe(char c) => char.IsControl(c) ? $"character U+{(int)c:X4}" : $"'{c}'";

    // A position in the text that knows its line and column.
    sealed class Cursor(string text)
    {
        int _index;
        public int Line { get; private set; } = 1;
        int _column = 1;

        public bool AtEnd => _index >= text.Length;
        public char Current => text[_index];
        public TextPosition Position => new(Line, _column);
        public bool AtLineEnd => text[_index] == '\n' || (text[_index] == '\r' && _index + 1 < text.Length && text[_index + 1] == '\n');

        public void Advance()
        {
            if (text[_index] == '\n') { Line++; _column = 1; }
            else _column++;
            _index++;
        }

        /// <summary>Moves past the next line end (or to the end of the text).</summary>
        public void SkipLine()
        {
            while (!AtEnd)
            {
                bool newline = Current == '\n';
                Advance();
                if (newline) return;
            }
        }

        public bool RestOfLineIsBlank()
        {
            for (int i = _index; i < text.Length && text[i] != '\n'; i++)
                if (!char.IsWhiteSpace(text[i])) return false;
            return true;
        }
    }
}
