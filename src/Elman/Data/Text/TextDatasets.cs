using System.Globalization;

namespace Elman.Data.Text;

/// <summary>
/// Labelled texts made ready for training: a stratified split, a vocabulary built from the training
/// split only, and token sequences for each split. Validation and test sequences are stored shortest
/// first, so evaluation batches carry little padding; <see cref="Split"/> keeps the original indices.
/// </summary>
public sealed class TextDatasets
{
    TextDatasets(TextEncoder encoder, IReadOnlyList<string> classNames, DatasetSplit split, int[] labels,
        IReadOnlyList<List<string>> tokens, SequenceDataset train, SequenceDataset validation, SequenceDataset test)
    {
        Encoder = encoder;
        ClassNames = classNames;
        Split = split;
        Labels = labels;
        Tokens = tokens;
        Train = train;
        Validation = validation;
        Test = test;
    }

    /// <summary>Tokenizer, vocabulary and maximum length: what a checkpoint stores to read text.</summary>
    public TextEncoder Encoder { get; }
    /// <summary>Class names by class index.</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>Which example went where.</summary>
    public DatasetSplit Split { get; }
    /// <summary>The class index of every example.</summary>
    public int[] Labels { get; }
    /// <summary>Every example's tokens, before truncation (for baselines that read whole texts).</summary>
    public IReadOnlyList<List<string>> Tokens { get; }
    /// <summary>Training sequences, in example order.</summary>
    public SequenceDataset Train { get; }
    /// <summary>Validation sequences, shortest first (may be empty).</summary>
    public SequenceDataset Validation { get; }
    /// <summary>Test sequences, shortest first (may be empty).</summary>
    public SequenceDataset Test { get; }

    /// <summary>Tokenizes, splits, builds the vocabulary from the training split and encodes every split.</summary>
    /// <exception cref="ElmanException">Fewer than two classes, a label outside <see cref="TextDatasetOptions.ClassNames"/>, or an option out of range.</exception>
    public static TextDatasets Build(IReadOnlyList<LabelledText> examples, TextDatasetOptions options)
    {
        options.Validate();
        var classNames = options.ClassNames ?? ClassNamesOf(examples);
        if (classNames.Count < 2)
            throw new ElmanException($"the data have {classNames.Count} class{(classNames.Count == 1 ? $" only ('{classNames[0]}')" : "es")}; a classifier needs at least two different labels");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < classNames.Count; c++) index[classNames[c]] = c;
        var labels = new int[examples.Count];
        for (int i = 0; i < examples.Count; i++)
            labels[i] = index.TryGetValue(examples[i].Label, out int c) ? c
                : throw new ElmanException($"example {i + 1} has label '{examples[i].Label}', expected one of: {string.Join(", ", classNames)}");

        var tokens = new List<string>[examples.Count];
        Parallel.For(0, examples.Count, i => tokens[i] = options.Tokenizer.Tokenize(examples[i].Text));
        var split = DatasetSplit.Of(examples, labels, options.Split, options.Seed);
        // The vocabulary counts only the tokens the model will see.
        var vocabulary = Vocabulary.Build(split.Train.Select(i => (IReadOnlyList<string>)(options.TruncateFromStart ? tokens[i].TakeLast(options.MaxLength) : tokens[i].Take(options.MaxLength)).ToList()),
            options.MinFrequency, options.MaxVocabulary);
        var encoder = new TextEncoder(options.Tokenizer, vocabulary, options.MaxLength, options.TruncateFromStart);

        SequenceDataset Encode(int[] rows, bool shortestFirst)
        {
            var sequences = rows.Select(i => encoder.Encode(tokens[i])).ToArray();
            var order = Enumerable.Range(0, rows.Length).ToArray();
            if (shortestFirst) order = [.. order.OrderBy(k => sequences[k].Length).ThenBy(k => k)];
            return encoder.EncodeDataset(order.Select(k => sequences[k]).ToArray(), order.Select(k => labels[rows[k]]).ToArray(), classNames);
        }
        return new TextDatasets(encoder, classNames, split, labels, tokens,
            Encode(split.Train, shortestFirst: false), Encode(split.Validation, shortestFirst: true), Encode(split.Test, shortestFirst: true));
    }

    /// <summary>The distinct labels, numerically ordered when all are integers, else in ordinal order.</summary>
    public static IReadOnlyList<string> ClassNamesOf(IEnumerable<LabelledText> examples)
    {
        var distinct = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.All(l => long.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
            return [.. distinct.OrderBy(l => long.Parse(l, CultureInfo.InvariantCulture))];
        return [.. distinct.Order(StringComparer.Ordinal)];
    }
}
