using System.Globalization;

namespace Elman.Data.Sequences;

/// <summary>
/// Turns the labels a file holds into class indices and names. Integer labels keep their decimal
/// text as the class name and are ordered numerically (so -1 &lt; 1 &lt; 10, and a test file's classes
/// line up with the training file's); string labels keep their text and are ordered ordinally (numerically
/// when every one is an integer, so the order depends only on the set of names). A file
/// whose labels mix numbers and strings is refused: "1" beside "one" is almost always a broken column.
/// </summary>
public static class ClassLabels
{
    /// <summary>Class indices [N] and names (ascending values as decimal text) of integer labels.</summary>
    public static (int[] Labels, string[] ClassNames) FromIntegers(ReadOnlySpan<long> values)
    {
        var distinct = new SortedSet<long>();
        foreach (long v in values) distinct.Add(v);
        var index = new Dictionary<long, int>();
        foreach (long v in distinct) index[v] = index.Count;
        var labels = new int[values.Length];
        for (int i = 0; i < values.Length; i++) labels[i] = index[values[i]];
        return (labels, distinct.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>Class indices [N] and names (the distinct strings, ordered by <see cref="Order"/>) of string labels.</summary>
    public static (int[] Labels, string[] ClassNames) FromStrings(IReadOnlyList<string> values)
    {
        var names = Order(values);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names) index[name] = index.Count;
        var labels = new int[values.Count];
        for (int i = 0; i < labels.Length; i++) labels[i] = index[values[i]];
        return (labels, names);
    }

    /// <summary>
    /// Labels written as text (CSV, UCR, .ts): all integers (also written "1.0" or "1e0") or all strings.
    /// <paramref name="error"/> builds the exception for label <c>i</c> and a problem, so the message can name
    /// the file, line and column.
    /// </summary>
    /// <exception cref="ElmanException">A label is empty, a non-integer number, or of another kind than the first label.</exception>
    public static (int[] Labels, string[] ClassNames) FromTexts(IReadOnlyList<string> texts, Func<int, string, ElmanException> error)
    {
        if (texts.Count == 0) return ([], []);
        var integers = new long[texts.Count];
        bool firstIsInteger = false;
        for (int i = 0; i < texts.Count; i++)
        {
            string text = texts[i];
            if (text.Length == 0) throw error(i, "empty label");
            bool isNumber = TryInteger(text, out integers[i], out bool isFraction);
            if (isFraction) throw error(i, $"label '{text}' is a number but not an integer, expected integer or string class labels");
            if (i == 0) firstIsInteger = isNumber;
            else if (isNumber != firstIsInteger)
                throw error(i, $"label '{text}' is {(isNumber ? "a number" : "a string")} but the first label '{texts[0]}' is {(firstIsInteger ? "a number" : "a string")}; labels must be all integers or all strings");
        }
        return firstIsInteger ? FromIntegers(integers) : FromStrings(texts);
    }

    /// <summary>
    /// Class names ordered as this type orders them: numerically when every name is an integer, else
    /// ordinally. Used to merge the classes of several files.
    /// </summary>
    public static string[] Order(IEnumerable<string> names)
    {
        var distinct = names.Distinct(StringComparer.Ordinal).ToArray();
        var values = new long[distinct.Length];
        bool allIntegers = true;
        for (int i = 0; i < distinct.Length && allIntegers; i++)
            allIntegers = long.TryParse(distinct[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]);
        if (!allIntegers) return [.. distinct.Order(StringComparer.Ordinal)];
        Array.Sort(values, distinct);
        return distinct;
    }

    /// <summary>Parses an integer label; "1.0" and "1e0" count as 1. <paramref name="isFraction"/> flags a finite non-integer number.</summary>
    static bool TryInteger(string text, out long value, out bool isFraction)
    {
        isFraction = false;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d)) return false;
        if (d != Math.Floor(d) || Math.Abs(d) > 1e15) { isFraction = true; return false; }
        value = (long)d;
        return true;
    }
}
