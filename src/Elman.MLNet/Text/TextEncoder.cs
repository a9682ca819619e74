namespace Elman.MLNet.Text;

/// <summary>Text to the token ids an Elman model reads: tokenize, look up, keep at most <see cref="MaxLength"/> ids.</summary>
/// <param name="Tokenizer">How the text is cut.</param>
/// <param name="Vocabulary">Token ids.</param>
/// <param name="MaxLength">Longer texts keep their first MaxLength tokens.</param>
sealed record TextEncoder(TextTokenizer Tokenizer, Vocabulary Vocabulary, int MaxLength)
{
    /// <summary>The ids of <paramref name="text"/>.</summary>
    public int[] Encode(ReadOnlySpan<char> text) => Encode(Tokenizer.Tokenize(text));

    /// <summary>
    /// The ids of tokens from <see cref="Tokenizer"/>. No tokens become one padding id: Elman needs at
    /// least one step, and the padding row is zero, so the model sees its biases alone.
    /// </summary>
    public int[] Encode(IReadOnlyList<string> tokens)
    {
        if (tokens.Count == 0) return [Vocabulary.Padding];
        var ids = new int[Math.Min(tokens.Count, MaxLength)];
        for (int i = 0; i < ids.Length; i++) ids[i] = Vocabulary[tokens[i]];
        return ids;
    }
}
