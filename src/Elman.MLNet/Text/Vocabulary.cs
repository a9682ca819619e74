namespace Elman.MLNet.Text;

/// <summary>
/// Token ids for the embedding: 0 is padding (a zero row that never learns, PyTorch's padding_idx),
/// 1 stands for every token not in the vocabulary, and the rest are the training tokens, most
/// frequent first (ties in ordinal order, so the ids do not depend on the order of the rows).
/// </summary>
sealed class Vocabulary
{
    /// <summary>The padding id.</summary>
    public const int Padding = 0;
    /// <summary>The id of tokens not in the vocabulary.</summary>
    public const int Unknown = 1;
    const string PaddingToken = "<pad>", UnknownToken = "<unk>";

    readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    /// <summary>A vocabulary whose token with id i is <paramref name="tokens"/>[i]; entries 0 and 1 are the padding and unknown markers.</summary>
    public Vocabulary(IReadOnlyList<string> tokens)
    {
        if (tokens.Count < 2 || tokens[Padding] != PaddingToken || tokens[Unknown] != UnknownToken)
            throw new ElmanException($"vocabulary must start with \"{PaddingToken}\", \"{UnknownToken}\"");
        Tokens = tokens;
        for (int i = 2; i < tokens.Count; i++)
            if (!_ids.TryAdd(tokens[i], i)) throw new ElmanException($"vocabulary lists \"{tokens[i]}\" twice (ids {_ids[tokens[i]]} and {i})");
    }

    /// <summary>Every token, by id.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>V: the number of ids, padding and unknown included.</summary>
    public int Count => Tokens.Count;

    /// <summary>The id of <paramref name="token"/>, or <see cref="Unknown"/>.</summary>
    public int this[string token] => _ids.TryGetValue(token, out int id) ? id : Unknown;

    /// <summary>The tokens seen at least <paramref name="minCount"/> times, at most <paramref name="maxSize"/> ids in all.</summary>
    public static Vocabulary Build(IEnumerable<IEnumerable<string>> sequences, int minCount, int maxSize)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sequence in sequences)
            foreach (var token in sequence)
                counts[token] = counts.GetValueOrDefault(token) + 1;
        var kept = counts.Where(p => p.Value >= minCount)
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(Math.Max(0, maxSize - 2)).Select(p => p.Key);
        return new Vocabulary([PaddingToken, UnknownToken, .. kept]);
    }
}
