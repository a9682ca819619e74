using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elman.MLNet;

/// <summary>Reads the JSON entries of a side file's <c>__metadata__</c>, with one-line errors naming the file and entry.</summary>
sealed class SideFileMetadata(string source, IReadOnlyDictionary<string, string> metadata)
{
    string Entry(string key) => metadata.TryGetValue(key, out var value) ? value
        : throw new ElmanException($"{source}: __metadata__ has no \"{key}\"; is this a model written by ElmanTextClassificationTransformer.Save?");

    /// <summary>The entry <paramref name="key"/> as a JSON object.</summary>
    public JsonObject Object(string key) => Parse(key) as JsonObject
        ?? throw new ElmanException($"{source}: __metadata__ \"{key}\" is not a JSON object");

    /// <summary>The entry <paramref name="key"/> as a JSON array of strings.</summary>
    public string[] Strings(string key) => Parse(key) is JsonArray array && array.All(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        ? array.Select(n => n!.GetValue<string>()).ToArray()
        : throw new ElmanException($"{source}: __metadata__ \"{key}\" is not a JSON array of strings");

    /// <summary>Field <paramref name="field"/> of the object in entry <paramref name="key"/>.</summary>
    public T Field<T>(JsonObject obj, string key, string field) => obj[field] is JsonValue v && v.TryGetValue(out T? value) && value is not null ? value
        : throw new ElmanException($"{source}: __metadata__ \"{key}\" field '{field}' is missing or not a {typeof(T).Name}");

    JsonNode? Parse(string key)
    {
        try { return JsonNode.Parse(Entry(key)); }
        catch (JsonException e) { throw new ElmanException($"{source}: __metadata__ \"{key}\" is not valid JSON ({e.Message.Split('\n')[0]})"); }
    }
}
