using System.Text.Json;

namespace Elman.Data.Text;

/// <summary>
/// Token ↔ id for an embedding: id 0 is padding (<c>padding_idx=0</c>, never a real token), id 1 stands
/// for every token not in the vocabulary, real tokens follow from most to least frequent (ties in
/// ordinal order, so the same data always give the same ids).
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The id of padding.</summary>
    public const int PaddingId = 0;
    /// <summary>The id of an out-of-vocabulary token.</summary>
    public const int UnknownId = 1;
    /// <summary>How padding is listed in <see cref="Tokens"/>.</summary>
    public const string PaddingToken = "<pad>";
    /// <summary>How the unknown token is listed in <see cref="Tokens"/>.</summary>
    public const string UnknownToken = "<unk>";

    readonly string[] _tokens;
    readonly Dictionary<string, int> _ids;

    Vocabulary(string[] tokens)
    {
        _tokens = tokens;
        _ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (int i = 2; i < tokens.Length; i++) _ids[tokens[i]] = i;
    }

    /// <summary>A vocabulary over <paramref name="tokens"/> in the given order, after the two reserved ids.</summary>
    /// <exception cref="ElmanException">A token is repeated, empty, or one of the reserved names.</exception>
    public static Vocabulary FromTokens(IEnumerable<string> tokens)
    {
        var all = new List<string> { PaddingToken, UnknownToken };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            if (string.IsNullOrEmpty(token)) throw new ElmanException($"vocabulary entry {all.Count} is empty");
            if (token is PaddingToken or UnknownToken) throw new ElmanException($"vocabulary entry {all.Count} is the reserved token '{token}'");
            if (!seen.Add(token)) throw new ElmanException($"vocabulary entry {all.Count} repeats the token '{Elman.IO.MessageText.OneLine(token, 40)}'");
            all.Add(token);
        }
        return new Vocabulary([.. all]);
    }

    /// <summary>
    /// The vocabulary of <paramref name="documents"/>: tokens seen at least <paramref name="minFrequency"/>
    /// times, the most frequent first, at most <paramref name="maxSize"/> ids in all (counting the two
    /// reserved ones; 0 = no limit).
    /// </summary>
    public static Vocabulary Build(IEnumerable<IReadOnlyList<string>> documents, int minFrequency = 1, int maxSize = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minFrequency, 1);
        if (maxSize != 0) ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 2);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var document in documents)
            foreach (var token in document)
                counts[token] = counts.GetValueOrDefault(token) + 1;
        var kept = counts.Where(kv => kv.Value >= minFrequency)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key);
        if (maxSize > 0) kept = kept.Take(maxSize - 2);
        return FromTokens(kept);
    }

    /// <summary>V: ids in all, including padding and unknown; the embedding has this many rows.</summary>
    public int Count => _tokens.Length;

    /// <summary>Every token by id: [<see cref="PaddingToken"/>, <see cref="UnknownToken"/>, real tokens…].</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The id of <paramref name="token"/>, or <see cref="UnknownId"/>.</summary>
    public int IdOf(string token) => _ids.TryGetValue(token, out int id) ? id : UnknownId;

    /// <summary>The token with id <paramref name="id"/>.</summary>
    public string this[int id] => _tokens[id];

    /// <summary>The tokens as a JSON array of strings, index = id (as stored in a checkpoint).</summary>
    public string ToJson() => JsonSerializer.Serialize(_tokens);

    /// <summary>Parses <see cref="ToJson"/>'s output; <paramref name="source"/> names the file in messages.</summary>
    /// <exception cref="ElmanException">Not a JSON array of strings, the reserved entries are not first, or a token repeats.</exception>
    public static Vocabulary FromJson(string json, string source)
    {
        string[]? tokens;
        try { tokens = JsonSerializer.Deserialize<string[]>(json); }
        catch (JsonException e) { throw new ElmanException($"{source}: vocabulary is not a JSON array of strings ({e.Message.Split('\n')[0]})"); }
        if (tokens is null || tokens.Length < 2 || tokens[0] != PaddingToken || tokens[1] != UnknownToken || tokens.Any(t => t is null))
            throw new ElmanException($"{source}: vocabulary must be a JSON array of strings starting with \"{PaddingToken}\", \"{UnknownToken}\"");
        try { return FromTokens(tokens.Skip(2)); }
        catch (ElmanException e) { throw new ElmanException($"{source}: {e.Message}"); }
    }
}
