using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elman.Data.Text;

/// <summary>
/// A <see cref="Tokenizer"/> as checkpoint metadata (<c>__metadata__["tokenizer"]</c>). Version 2 writes
/// every rule, so the file alone says how to cut text:
/// <code>
/// {"version":2,"kind":"word","lowercase":true,"case_mapping":"simple","normalization":"none",
///  "word_categories":["Lu","Ll","Lt","Lm","Lo","Mn","Mc","Me","Nd","Nl","No","Pc"],"inner_apostrophes":"'’"}
/// {"version":2,"kind":"char","lowercase":true,"case_mapping":"simple","normalization":"none","whitespace":"\t\n…\u3000"}
/// </code>
/// ("case_mapping" only when lowercasing). Settings without "version" are version 1,
/// <c>{"kind":"word","lowercase":true}</c>, as Elman wrote them before. A reader accepts only the values
/// Elman implements: a field it does not know, or a different rule, is an error rather than a guess.
/// </summary>
static class TokenizerMetadata
{
    /// <summary>The settings of <paramref name="tokenizer"/> as one JSON object, every rule of its version written out.</summary>
    public static string Write(Tokenizer tokenizer)
    {
        var o = new JsonObject();
        if (tokenizer.Version >= 2) o["version"] = tokenizer.Version;
        o["kind"] = tokenizer.Name;
        o["lowercase"] = tokenizer.Lowercase;
        if (tokenizer.Version >= 2)
        {
            foreach (var (key, value) in Rules(tokenizer.Kind, tokenizer.Lowercase)) o[key] = value.DeepClone();
        }
        return o.ToJsonString();
    }

    /// <summary>Parses <see cref="Write"/>'s output; <paramref name="source"/> names the file in messages.</summary>
    /// <exception cref="ElmanException">Malformed JSON, an unknown kind or version, a missing, unknown or different rule.</exception>
    public static Tokenizer Read(string json, string source)
    {
        JsonObject obj;
        try
        {
            obj = JsonNode.Parse(json) as JsonObject ?? throw new ElmanException($"{source}: tokenizer settings are not a JSON object");
        }
        catch (JsonException e)
        {
            throw new ElmanException($"{source}: tokenizer settings are not valid JSON ({e.Message.Split('\n')[0]})");
        }
        string kindName = obj["kind"] is JsonValue k && k.TryGetValue(out string? s) ? s : throw new ElmanException($"{source}: tokenizer settings have no \"kind\"");
        var kind = Tokenizer.ParseKind(kindName, $"{source}: tokenizer kind");
        if (!obj.ContainsKey("version"))
        {
            // Version 1 files hold kind and lowercase only; a missing or non-boolean lowercase meant true.
            bool lowercaseV1 = obj["lowercase"] is not JsonValue l || !l.TryGetValue(out bool b) || b;
            return new Tokenizer(kind, lowercaseV1, Version: 1);
        }
        int version = obj["version"] is JsonValue v && v.TryGetValue(out int n) ? n
            : throw new ElmanException($"{source}: tokenizer \"version\" is {Elman.IO.MessageText.OneLine(obj["version"]?.ToJsonString() ?? "null", 40)}, expected an integer");
        if (version is not (1 or Tokenizer.CurrentVersion))
            throw new ElmanException($"{source}: tokenizer version {version} is not one this Elman reads (1 or {Tokenizer.CurrentVersion}); a newer Elman wrote it");
        bool lowercase = obj["lowercase"] is JsonValue lv && lv.TryGetValue(out bool lb) ? lb
            : throw new ElmanException($"{source}: tokenizer \"lowercase\" is missing or not true/false");
        var expected = version == 1 ? new Dictionary<string, JsonNode>() : Rules(kind, lowercase);
        foreach (var key in obj.Select(p => p.Key))
        {
            if (key is "version" or "kind" or "lowercase") continue;
            if (!expected.ContainsKey(key))
                throw new ElmanException($"{source}: tokenizer field \"{key}\" is not one of version {version}'s rules for {kindName} tokens ({string.Join(", ", expected.Keys)})");
        }
        foreach (var (key, value) in expected)
        {
            if (!obj.TryGetPropertyValue(key, out var found) || found is null)
                throw new ElmanException($"{source}: tokenizer field \"{key}\" is missing, expected {value.ToJsonString()}");
            if (!JsonNode.DeepEquals(found, value))
                throw new ElmanException($"{source}: tokenizer field \"{key}\" is {Elman.IO.MessageText.OneLine(found.ToJsonString(), 60)}, expected {value.ToJsonString()} (the only rule Elman implements)");
        }
        return new Tokenizer(kind, lowercase, version);
    }

    /// <summary>The rules version 2 writes for a tokenizer of <paramref name="kind"/>, by key.</summary>
    static Dictionary<string, JsonNode> Rules(TokenizerKind kind, bool lowercase)
    {
        var rules = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        if (lowercase) rules["case_mapping"] = JsonValue.Create("simple");
        rules["normalization"] = JsonValue.Create("none");
        if (kind == TokenizerKind.Word)
        {
            rules["word_categories"] = new JsonArray([.. Tokenizer.WordCategories.Select(c => (JsonNode?)JsonValue.Create(c.Name))]);
            rules["inner_apostrophes"] = JsonValue.Create(Tokenizer.InnerApostrophes);
        }
        else rules["whitespace"] = JsonValue.Create(Tokenizer.WhiteSpace);
        return rules;
    }
}
