using Elman.Model;

namespace Elman.Data.Text;

/// <summary>
/// Text → token ids for a model with an embedding: tokenize, look up, keep the first (or, with
/// <see cref="TruncateFromStart"/>, the last) <see cref="MaxLength"/> ids. Together with the class names it is everything a checkpoint needs to
/// classify raw text, and it is stored in the checkpoint's <c>__metadata__</c>.
/// </summary>
/// <param name="Tokenizer">How text is cut into tokens.</param>
/// <param name="Vocabulary">Token ids.</param>
/// <param name="MaxLength">Longer texts are truncated to this many tokens.</param>
/// <param name="TruncateFromStart">Keep the last <paramref name="MaxLength"/> tokens of a long text instead of the first:
/// the classifier reads the state after the last token, so the end of a text is what it remembers best.</param>
public sealed record TextEncoder(Tokenizer Tokenizer, Vocabulary Vocabulary, int MaxLength, bool TruncateFromStart = false)
{
    /// <summary>The ids of <paramref name="text"/>: at least one (a text without tokens is one unknown token), at most <see cref="MaxLength"/>.</summary>
    public int[] Encode(string text) => Encode(Tokenizer.Tokenize(text));

    /// <summary>The ids of already tokenized text, truncated and never empty as for <see cref="Encode(string)"/>.</summary>
    public int[] Encode(IReadOnlyList<string> tokens)
    {
        if (tokens.Count == 0) return [Vocabulary.UnknownId];
        var ids = new int[Math.Min(tokens.Count, MaxLength)];
        int first = TruncateFromStart ? tokens.Count - ids.Length : 0;
        for (int i = 0; i < ids.Length; i++) ids[i] = Vocabulary.IdOf(tokens[first + i]);
        return ids;
    }

    /// <summary>Labelled sequences padded to the longest of them: [N, S] ids, lengths, labels.</summary>
    public SequenceDataset EncodeDataset(IReadOnlyList<int[]> sequences, IReadOnlyList<int> labels, IReadOnlyList<string> classNames)
    {
        if (sequences.Count != labels.Count) throw new ArgumentException("one label per sequence is required", nameof(labels));
        var (tokens, steps, lengths) = Pad(sequences);
        return SequenceDataset.FromTokens(tokens, sequences.Count, steps, lengths, [.. labels], classNames);
    }

    /// <summary>Id sequences as one [N, S] block padded with id 0 to the longest (S ≥ 1), and their lengths.</summary>
    internal static (int[] Tokens, int Steps, int[] Lengths) Pad(IReadOnlyList<int[]> sequences)
    {
        int steps = Math.Max(1, sequences.Count == 0 ? 1 : sequences.Max(s => s.Length));
        var tokens = new int[checked(sequences.Count * steps)];
        var lengths = new int[sequences.Count];
        for (int i = 0; i < sequences.Count; i++)
        {
            sequences[i].CopyTo(tokens, i * steps);
            lengths[i] = sequences[i].Length;
        }
        return (tokens, steps, lengths);
    }

    /// <summary>Adds the tokenizer settings, vocabulary and maximum length to checkpoint metadata.</summary>
    public void WriteTo(IDictionary<string, string> metadata)
    {
        metadata[MetadataKeys.Tokenizer] = Tokenizer.ToJson();
        metadata[MetadataKeys.Vocabulary] = Vocabulary.ToJson();
        metadata[MetadataKeys.MaxLength] = MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
        metadata[MetadataKeys.Keep] = TruncateFromStart ? "last" : "first";
    }

    /// <summary>Whether <paramref name="metadata"/> holds a text encoder (a model trained on text).</summary>
    public static bool IsStoredIn(IReadOnlyDictionary<string, string> metadata)
        => metadata.ContainsKey(MetadataKeys.Vocabulary) && metadata.ContainsKey(MetadataKeys.Tokenizer);

    /// <summary>Reads the encoder from checkpoint metadata; <paramref name="source"/> names the file in messages.</summary>
    /// <exception cref="ElmanException">A key is missing or malformed, or the vocabulary does not match the model's embedding.</exception>
    public static TextEncoder ReadFrom(IReadOnlyDictionary<string, string> metadata, RnnConfig config, string source)
    {
        if (!IsStoredIn(metadata))
            throw new ElmanException($"{source}: no vocabulary in __metadata__ (keys \"{MetadataKeys.Vocabulary}\" and \"{MetadataKeys.Tokenizer}\"); only models trained on text (a corpus or a labelled text file) can classify text");
        var tokenizer = Tokenizer.FromJson(metadata[MetadataKeys.Tokenizer], source);
        var vocabulary = Vocabulary.FromJson(metadata[MetadataKeys.Vocabulary], source);
        if (vocabulary.Count != config.VocabSize)
            throw new ElmanException($"{source}: the vocabulary has {vocabulary.Count} entries but the model's vocab_size is {config.VocabSize}");
        int maxLength = int.MaxValue;
        if (metadata.TryGetValue(MetadataKeys.MaxLength, out var text) && !(int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out maxLength) && maxLength >= 1))
            throw new ElmanException($"{source}: __metadata__ \"{MetadataKeys.MaxLength}\" is '{Elman.IO.MessageText.OneLine(text, 40)}', expected a positive integer");
        bool fromStart = false;
        if (metadata.TryGetValue(MetadataKeys.Keep, out var keep) && !((fromStart = keep == "last") || keep == "first"))
            throw new ElmanException($"{source}: __metadata__ \"{MetadataKeys.Keep}\" is '{Elman.IO.MessageText.OneLine(keep, 40)}', expected first or last");
        return new TextEncoder(tokenizer, vocabulary, maxLength, fromStart);
    }
}
