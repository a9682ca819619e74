using System.Numerics.Tensors;
using Elman.Analysis;
using Elman.Data;
using Elman.Data.Text;
using Elman.Model;

namespace Elman.Cli.Commands;

/// <summary>One text as the model reads it: its tokens (after truncation, as <see cref="TextEncoder.Encode(string)"/> keeps them) and their ids.</summary>
/// <param name="Text">The raw text.</param>
/// <param name="Tokens">Token i at index i - 1, as the tokenizer wrote it; unknown tokens keep their text.</param>
/// <param name="Ids">Vocabulary ids (1 = &lt;unk&gt;).</param>
sealed record AnalysedText(string Text, IReadOnlyList<string> Tokens, int[] Ids)
{
    /// <summary>Token i (1-based) for tables and plots: unknown tokens are marked with a trailing "?".</summary>
    public string Display(int i) => Ids[i - 1] == Vocabulary.UnknownId && Tokens[i - 1] != Vocabulary.UnknownToken ? Tokens[i - 1] + "?" : Tokens[i - 1];
}

/// <summary>Raw texts → a labelled double-precision token batch for a text model, using the tokenizer and vocabulary stored in its checkpoint.</summary>
static class TextInputs
{
    /// <summary>
    /// Encodes <paramref name="texts"/> and labels each with its own label from <paramref name="labels"/> (labelled data),
    /// else with <paramref name="label"/> (a class name), else with the class the model predicts for it, so that ℓ and
    /// its gradients exist.
    /// </summary>
    /// <exception cref="ElmanException">The model holds no text encoder, or a label is not one of its classes.</exception>
    public static (SequenceBatch<double> Batch, IReadOnlyList<AnalysedText> Texts, IReadOnlyList<string> ClassNames) Encode(
        LoadedModel<double> loaded, string modelPath, IReadOnlyList<string> texts, string? label, IReadOnlyList<string>? labels = null)
    {
        var config = loaded.Model.Config;
        if (config.IsRegression) throw new ElmanException($"{modelPath}: a regression model has no class to analyse a text for");
        var encoder = TextEncoder.ReadFrom(loaded.Metadata, config, modelPath);
        var classNames = TextClassifier.ReadClassNames(loaded.Metadata, config.NumClasses);
        var analysed = texts.Select(t => Analyse(encoder, t)).ToList();
        var (tokens, steps, lengths) = Pad(analysed.Select(a => a.Ids).ToList());
        int[] classes;
        if (labels is not null)
        {
            var index = classNames.Select((n, c) => (n, c)).ToDictionary(p => p.n, p => p.c, StringComparer.Ordinal);
            classes = labels.Select((l, i) => index.TryGetValue(l, out int c) ? c
                : throw new ElmanException($"text {i + 1} has label '{l}', which {modelPath} does not know (its classes: {string.Join(", ", classNames)})")).ToArray();
        }
        else if (label is not null)
        {
            int c = classNames.ToList().IndexOf(label);
            if (c < 0) throw new ElmanException($"--label '{label}' is not a class of {modelPath}; its classes are {string.Join(", ", classNames)}");
            classes = Enumerable.Repeat(c, texts.Count).ToArray();
        }
        else
        {
            loaded.Model.Forward(SequenceBatch<double>.FromTokens(tokens, texts.Count, steps, lengths));
            var p = loaded.Model.Probabilities.ToArray();
            classes = Enumerable.Range(0, texts.Count).Select(b => TensorPrimitives.IndexOfMax(p.AsSpan(b * config.NumClasses, config.NumClasses))).ToArray();
        }
        return (SequenceBatch<double>.FromTokens(tokens, texts.Count, steps, lengths, classes), analysed, classNames);
    }

    static AnalysedText Analyse(TextEncoder encoder, string text)
    {
        var tokens = encoder.Tokenizer.Tokenize(text);
        var ids = encoder.Encode(tokens);
        IReadOnlyList<string> kept = tokens.Count == 0
            ? [Vocabulary.UnknownToken]
            : tokens.Skip(encoder.TruncateFromStart ? tokens.Count - ids.Length : 0).Take(ids.Length).ToList();
        return new AnalysedText(text, kept, ids);
    }

    // Id sequences padded with 0 to the longest: [N, S].
    static (int[] Tokens, int Steps, int[] Lengths) Pad(IReadOnlyList<int[]> sequences)
    {
        int steps = sequences.Max(s => s.Length);
        var tokens = new int[sequences.Count * steps];
        for (int i = 0; i < sequences.Count; i++) sequences[i].CopyTo(tokens, i * steps);
        return (tokens, steps, sequences.Select(s => s.Length).ToArray());
    }
}
