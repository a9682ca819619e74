using System.Globalization;
using System.Text;

namespace Elman.Data.Sequences;

/// <summary>
/// Reads the subset of Python literal syntax a <c>.npy</c> header uses: dicts, tuples, lists, strings
/// in single or double quotes, integers, True, False and None. Evaluation is never involved, so a hostile
/// header can only be malformed, not run.
/// </summary>
sealed class PythonLiteral(string text, string where)
{
    int _at;

    /// <summary>The header dict: keys are strings; values are string, bool, long[] (a tuple of integers), a list or null.</summary>
    public Dictionary<string, object?> ReadHeaderDict()
    {
        var value = ReadValue(depth: 0);
        SkipSpace();
        if (_at < text.Length) throw Error($"unexpected '{text[_at]}' after the header dict");
        if (value is not Dictionary<string, object?> dict) throw Error("the header is not a dict literal");
        foreach (var key in dict.Keys.ToArray())
            if (dict[key] is object?[] tuple)
                dict[key] = tuple.All(v => v is long) ? tuple.Cast<long>().ToArray() : tuple;
        return dict;
    }

    object? ReadValue(int depth)
    {
        if (depth > 16) throw Error("literal nests too deeply");
        SkipSpace();
        if (_at >= text.Length) throw Error("the header ends early");
        char c = text[_at];
        switch (c)
        {
            case '{':
                {
                    _at++;
                    var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var _ in Items('}'))
                    {
                        if (ReadValue(depth + 1) is not string key) throw Error("dict keys must be strings");
                        Expect(':');
                        dict[key] = ReadValue(depth + 1);
                    }
                    return dict;
                }
            case '(':
                {
                    _at++;
                    var items = new List<object?>();
                    foreach (var _ in Items(')')) items.Add(ReadValue(depth + 1));
                    return items.ToArray();
                }
            case '[':
                {
                    _at++;
                    var items = new List<object?>();
                    foreach (var _ in Items(']')) items.Add(ReadValue(depth + 1));
                    return items;
                }
            case '\'' or '"': return ReadString(c);
        }
        if (c is '-' or '+' || char.IsAsciiDigit(c)) return ReadInteger();
        foreach (var (word, value) in new (string, object?)[] { ("True", true), ("False", false), ("None", null) })
            if (string.CompareOrdinal(text, _at, word, 0, word.Length) == 0)
            {
                _at += word.Length;
                return value;
            }
        throw Error($"unexpected '{c}'");
    }

    // Yields once per item of a comma-separated sequence up to `close`; allows a trailing comma.
    IEnumerable<int> Items(char close)
    {
        for (int i = 0; ; i++)
        {
            SkipSpace();
            if (_at < text.Length && text[_at] == close) { _at++; yield break; }
            if (i > 0)
            {
                Expect(',');
                SkipSpace();
                if (_at < text.Length && text[_at] == close) { _at++; yield break; }
            }
            yield return i;
        }
    }

    string ReadString(char quote)
    {
        _at++;
        var value = new StringBuilder();
        while (true)
        {
            if (_at >= text.Length) throw Error("a string is never closed");
            char c = text[_at++];
            if (c == quote) return value.ToString();
            if (c == '\\')
            {
                if (_at >= text.Length) throw Error("a string is never closed");
                char e = text[_at++];
                value.Append(e switch { 'n' => '\n', 't' => '\t', '0' => '\0', _ => e });
            }
            else value.Append(c);
        }
    }

    long ReadInteger()
    {
        int start = _at;
        if (text[_at] is '-' or '+') _at++;
        while (_at < text.Length && char.IsAsciiDigit(text[_at])) _at++;
        if (!long.TryParse(text.AsSpan(start, _at - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            throw Error($"'{text[start.._at]}' is not an integer");
        if (_at < text.Length && text[_at] is 'L' or 'l') _at++;   // Python 2 long, as old NumPy wrote shapes
        return value;
    }

    void Expect(char c)
    {
        SkipSpace();
        if (_at >= text.Length || text[_at] != c) throw Error(_at >= text.Length ? $"the header ends where '{c}' is expected" : $"expected '{c}', found '{text[_at]}'");
        _at++;
    }

    void SkipSpace()
    {
        while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
    }

    ElmanException Error(string problem) => new($"{where}: malformed .npy header at character {_at + 1}: {problem}");
}
