using Elman.Data.Text;
using Elman.Numerics;

namespace Elman.Data;

/// <summary>
/// Word (token) dropout, as in Iyyer et al. 2015 and Bowman et al. 2016: while training, every token
/// of a sequence becomes <see cref="Vocabulary.UnknownId"/> with probability p, drawn afresh each epoch.
/// The model cannot lean on any single character or word, which on a small corpus (first names) is worth
/// about a point of test accuracy. Padding is never touched, so lengths stay as they are.
/// </summary>
public sealed class TokenDropout
{
    readonly SequenceDataset _train;
    readonly double _probability;
    readonly ulong _seed;

    /// <summary>Drops tokens of <paramref name="train"/> with <paramref name="probability"/>, drawn from <paramref name="seed"/> and the epoch.</summary>
    /// <exception cref="ArgumentException"><paramref name="train"/> holds dense features, not token ids.</exception>
    /// <exception cref="ElmanException"><paramref name="probability"/> is not in [0, 1).</exception>
    public TokenDropout(SequenceDataset train, double probability, ulong seed)
    {
        if (!train.IsTokens) throw new ArgumentException("token dropout needs a dataset of token ids", nameof(train));
        Validate(probability);
        _train = train;
        _probability = probability;
        _seed = SeededRandom.Derive(seed, 30).NextUInt64();
    }

    /// <summary>Throws <see cref="ElmanException"/> unless 0 ≤ <paramref name="probability"/> &lt; 1.</summary>
    public static void Validate(double probability)
    {
        SettingException.Require(probability is >= 0 and < 1, "TokenDropout", probability, "0 ≤ p < 1");
    }

    /// <summary>
    /// The training set of <paramref name="epoch"/> (1-based): the same for the same epoch, so a resumed run
    /// sees what the interrupted one did. Pass it to <c>Trainer.Fit(dropout.ForEpoch, validation)</c>.
    /// </summary>
    public SequenceDataset ForEpoch(int epoch)
    {
        if (_probability == 0) return _train;
        var tokens = (int[])_train.Tokens!.Clone();
        var random = SeededRandom.Derive(_seed, (ulong)epoch);
        int steps = _train.Steps;
        for (int n = 0; n < _train.Count; n++)
        {
            var row = tokens.AsSpan(n * steps, _train.Lengths[n]);
            for (int t = 0; t < row.Length; t++)
                if (row[t] != Vocabulary.PaddingId && random.NextDouble() < _probability) row[t] = Vocabulary.UnknownId;
        }
        return SequenceDataset.FromTokens(tokens, _train.Count, steps, _train.Lengths, _train.Labels, _train.ClassNames);
    }
}
