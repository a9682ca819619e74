using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elman.IO;

/// <summary>
/// Reads typed fields of a JSON object that a file stores (a checkpoint's training state), failing with
/// one <see cref="ElmanException"/> line that names the source and the field: "{source}: training state
/// field 'epoch' is "x", expected an integer". Nothing else escapes: no Json, InvalidOperation,
/// NullReference or Format exceptions.
/// </summary>
internal sealed class JsonFields
{
    readonly JsonObject _object;
    readonly string _where;

    JsonFields(JsonObject obj, string where) => (_object, _where) = (obj, where);

    /// <summary>Parses <paramref name="json"/> as an object; <paramref name="where"/> starts every message (e.g. "m.safetensors: training state").</summary>
    /// <exception cref="ElmanException">The text is not a JSON object.</exception>
    public static JsonFields Parse(string json, string where)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
            CheckKeys(node);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw new ElmanException($"{where} is not valid JSON: {MessageText.OneLine(e.Message, 200)}");
        }
        return node is JsonObject obj ? new JsonFields(obj, where) : throw new ElmanException($"{where} is not a JSON object");
    }

    // JsonNode builds an object's dictionary on first access and only then throws on a key that appears
    // twice; build them all now, inside Parse's error handling.
    static void CheckKeys(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj: foreach (var (_, child) in obj) CheckKeys(child); break;
            case JsonArray array: foreach (var child in array) CheckKeys(child); break;
        }
    }

    /// <summary>The object under <paramref name="name"/>.</summary>
    public JsonFields Object(string name) =>
        Node(name) is JsonObject obj ? new JsonFields(obj, $"{_where} field '{name}'") : throw Expected(name, "an object");

    /// <summary>The objects of the array under <paramref name="name"/>.</summary>
    public IReadOnlyList<JsonFields> Objects(string name)
    {
        if (Node(name) is not JsonArray array) throw Expected(name, "an array of objects");
        var result = new List<JsonFields>(array.Count);
        for (int i = 0; i < array.Count; i++)
            result.Add(array[i] is JsonObject obj ? new JsonFields(obj, $"{_where} field '{name}' item {i}") : throw Expected(name, "an array of objects"));
        return result;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long Integer(string name, long min = long.MinValue, long max = long.MaxValue)
    {
        if (Node(name) is not JsonValue value || !value.TryGetValue(out long number))
        {
            // JsonValue holds a JsonElement after parsing; a number with a fraction or out of range fails above.
            throw Expected(name, $"an integer in [{min}, {max}]");
        }
        if (number < min || number > max) throw Expected(name, $"an integer in [{min}, {max}]");
        return number;
    }

    /// <summary>An integer that fits an <see cref="int"/>, in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Int32(string name, int min = 0, int max = int.MaxValue) => (int)Integer(name, min, max);

    /// <summary>A boolean.</summary>
    public bool Boolean(string name) =>
        Node(name) is JsonValue value && value.TryGetValue(out bool flag) ? flag : throw Expected(name, "true or false");

    /// <summary>A double stored as its round-trip string ("R"), which may be "NaN" or "∞".</summary>
    public double Exact(string name)
    {
        if (Text(Node(name)) is { } text
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
            return number;
        throw Expected(name, "a number written as a string");
    }

    /// <summary>Like <see cref="Exact"/>, or null when the field is absent or JSON null.</summary>
    public double? OptionalExact(string name) => _object[name] is null ? null : Exact(name);

    /// <summary>An array of doubles, each its round-trip string as <see cref="Exact"/> reads it; null when the field is absent or JSON null.</summary>
    public double[]? OptionalExacts(string name)
    {
        if (_object[name] is null) return null;
        if (Node(name) is not JsonArray array) throw Expected(name, "an array of numbers written as strings");
        var values = new double[array.Count];
        for (int i = 0; i < values.Length; i++)
            if (Text(array[i]) is not { } text || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw Expected(name, "an array of numbers written as strings");
        return values;
    }

    /// <summary>One of <paramref name="choices"/> (a string), or <paramref name="absent"/> when the field is absent or JSON null.</summary>
    public string OptionalChoice(string name, string absent, params string[] choices)
    {
        if (_object[name] is null) return absent;
        return Text(Node(name)) is { } text && choices.Contains(text, StringComparer.Ordinal) ? text
            : throw Expected(name, $"one of {string.Join(", ", choices.Select(c => $"\"{c}\""))}");
    }

    /// <summary>An array of unsigned 64-bit words written as decimal strings, of exactly <paramref name="count"/> words.</summary>
    public ulong[] Words(string name, int count)
    {
        string expected = $"{count} unsigned 64-bit integers written as strings";
        if (Node(name) is not JsonArray array || array.Count != count) throw Expected(name, expected);
        var words = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            if (Text(array[i]) is not { } text
                || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out words[i]))
                throw Expected(name, expected);
        }
        return words;
    }

    /// <summary>A message about this object, e.g. for a consistency check across fields.</summary>
    public ElmanException Fail(string message) => new($"{_where}: {message}");

    JsonNode Node(string name) => _object[name] ?? throw new ElmanException($"{_where} has no field '{name}'");

    // A string value, or null for anything else, including a string with a lone surrogate escape.
    static string? Text(JsonNode? node)
    {
        try { return node is JsonValue value && value.TryGetValue(out string? text) ? text : null; }
        catch (InvalidOperationException) { return null; }
    }

    ElmanException Expected(string name, string expected)
    {
        string found;
        try { found = _object[name] is { } node ? MessageText.OneLine(node.ToJsonString(), 60) : "missing"; }
        catch (InvalidOperationException) { found = "not valid Unicode"; }
        return new ElmanException($"{_where} field '{name}' is {found}, expected {expected}");
    }
}
