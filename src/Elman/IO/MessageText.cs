using System.Text;

namespace Elman.IO;

/// <summary>
/// Makes text from a file safe to put in a one-line message: a hostile or broken header can hold
/// names with line breaks or megabytes of JSON, and neither may break the "one line" promise of
/// <see cref="SafeTensorsException"/>.
/// </summary>
internal static class MessageText
{
    /// <summary><paramref name="name"/> in single quotes, control characters escaped, shortened with "…".</summary>
    public static string Quote(string name) => $"'{OneLine(name, 120)}'";

    /// <summary><paramref name="text"/> with control characters as <c>\uXXXX</c>, cut to
    /// <paramref name="maxLength"/> characters and "…".</summary>
    public static string OneLine(string text, int maxLength)
    {
        var result = new StringBuilder();
        foreach (char c in text.Length > maxLength ? text[..maxLength] : text)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
                result.Append($"\\u{(int)c:X4}");
            else
                result.Append(c);
        }
        if (text.Length > maxLength)
            result.Append('…');
        return result.ToString();
    }
}
