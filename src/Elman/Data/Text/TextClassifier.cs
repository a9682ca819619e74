using Elman.Numerics;
using System.Text.Json;
using Elman.Model;

namespace Elman.Data.Text;

/// <summary>
/// A trained text model ready to classify raw strings: the network, the encoder (tokenizer, vocabulary,
/// maximum length) and the class names, all read from one self-contained checkpoint. Safe to call from
/// several threads at once: each call runs on its own weight-sharing instance (<see cref="Predictor{T}"/>).
/// </summary>
public sealed class TextClassifier
{
    readonly Predictor<float> _predictor;

    /// <summary>Wraps a model with an embedding whose vocabulary is <paramref name="encoder"/>'s.</summary>
    /// <exception cref="ArgumentException">The model has no embedding, or sizes disagree.</exception>
    public TextClassifier(RnnClassifier<float> model, TextEncoder encoder, IReadOnlyList<string> classNames)
    {
        if (!model.Config.HasEmbedding || model.Config.VocabSize != encoder.Vocabulary.Count)
            throw new ArgumentException($"the model's vocab_size {model.Config.VocabSize} does not match the vocabulary's {encoder.Vocabulary.Count} entries", nameof(encoder));
        if (classNames.Count != model.Config.NumClasses)
            throw new ArgumentException($"{classNames.Count} class names for {model.Config.NumClasses} classes", nameof(classNames));
        Model = model;
        _predictor = new Predictor<float>(model);
        Encoder = encoder;
        ClassNames = classNames;
    }

    /// <summary>The network.</summary>
    public RnnClassifier<float> Model { get; }
    /// <summary>Text → ids.</summary>
    public TextEncoder Encoder { get; }
    /// <summary>Class names by index.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Loads a checkpoint written by a text training run.</summary>
    /// <exception cref="ElmanException">The file is not a valid model, or holds no vocabulary.</exception>
    public static TextClassifier Load(string path)
    {
        var (model, metadata) = Checkpoint.Load<float>(path);
        return FromCheckpoint(model, metadata, path);
    }

    /// <summary>Builds a classifier from a loaded model and its metadata; <paramref name="source"/> names the file in messages.</summary>
    /// <exception cref="ElmanException">The metadata hold no vocabulary, or it does not fit the model.</exception>
    public static TextClassifier FromCheckpoint(RnnClassifier<float> model, IReadOnlyDictionary<string, string> metadata, string source)
        => new(model, TextEncoder.ReadFrom(metadata, model.Config, source), ReadClassNames(metadata, model.Config.NumClasses));

    /// <summary>The class names stored in <paramref name="metadata"/>, or "0", "1", … when absent or not one per class.</summary>
    public static IReadOnlyList<string> ReadClassNames(IReadOnlyDictionary<string, string> metadata, int numClasses)
    {
        if (metadata.TryGetValue(MetadataKeys.ClassNames, out var json))
        {
            try
            {
                if (JsonSerializer.Deserialize<string[]>(json) is { } names && names.Length == numClasses && names.All(n => n is not null)) return names;
            }
            catch (JsonException) { }
        }
        return [.. Enumerable.Range(0, numClasses).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>Classifies one text.</summary>
    public TextPrediction Predict(string text) => Predict([text])[0];

    /// <summary>Classifies <paramref name="texts"/>, <paramref name="batchSize"/> at a time (similar lengths need not be adjacent).</summary>
    public IReadOnlyList<TextPrediction> Predict(IReadOnlyList<string> texts, int batchSize = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var results = new TextPrediction[texts.Count];
        int c = Model.Config.NumClasses;
        for (int start = 0; start < texts.Count; start += batchSize)
        {
            int n = Math.Min(batchSize, texts.Count - start);
            var sequences = new int[n][];
            for (int i = 0; i < n; i++) sequences[i] = Encoder.Encode(texts[start + i]);
            var (tokens, steps, lengths) = TextEncoder.Pad(sequences);
            var probabilities = _predictor.Predict(SequenceBatch<float>.FromTokens(tokens, n, steps, lengths));
            for (int i = 0; i < n; i++)
            {
                var p = probabilities.AsSpan(i * c, c).ToArray();
                int best = ArgMax.Index(p);
                results[start + i] = new TextPrediction(texts[start + i], best, ClassNames[best], p);
            }
        }
        return results;
    }
}
