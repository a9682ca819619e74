using Elman.Numerics;
using Elman.Data;
using Elman.Data.Text;
using Elman.Model;

namespace Elman.MLNet.Scoring;

/// <summary>
/// Class probabilities of one text at a time. Holds its own model instance (sharing the trained
/// weights), because an instance keeps the activations of its last forward pass: one scorer per
/// cursor, never shared between threads.
/// </summary>
sealed class Scorer
{
    readonly RnnClassifier<float> _model;
    readonly TextEncoder _encoder;
    readonly int[] _length = new int[1];

    public Scorer(RnnClassifier<float> model, TextEncoder encoder)
    {
        _model = model.ShareWeights();
        _encoder = encoder;
    }

    /// <summary>Writes softmax(logits) of <paramref name="text"/> into <paramref name="probabilities"/> [C] and returns the most probable class (0-based).</summary>
    public int Score(ReadOnlySpan<char> text, Span<float> probabilities)
    {
        var ids = _encoder.Encode(text.ToString());
        _length[0] = ids.Length;
        _model.Forward(SequenceBatch<float>.FromTokens(ids, 1, ids.Length, _length));
        _model.Probabilities.CopyTo(probabilities);
        return ArgMax.Index(probabilities);
    }
}
