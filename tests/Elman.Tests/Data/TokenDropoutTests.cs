using Elman.Data;
using Elman.Data.Tasks;
using Elman.Data.Text;
using Elman.Numerics;

namespace Elman.Tests.Data;

/// <summary>Token dropout replaces real tokens by the unknown id, at the asked rate, the same way for the same epoch.</summary>
public class TokenDropoutTests
{
    // 2,000 sequences of up to 50 tokens from ids 1..39, padded to 50 with zeros.
    static SequenceDataset Tokens()
    {
        var random = new SeededRandom(3);
        const int count = 2_000, steps = 50;
        var tokens = new int[count * steps];
        var lengths = new int[count];
        for (int n = 0; n < count; n++)
        {
            lengths[n] = random.NextInt(1, steps + 1);
            for (int t = 0; t < lengths[n]; t++) tokens[n * steps + t] = random.NextInt(1, 40);
        }
        return SequenceDataset.FromTokens(tokens, count, steps, lengths, new int[count], ["a"]);
    }

    [Fact]
    public void Only_real_tokens_become_unknown_at_close_to_the_asked_rate()
    {
        var data = Tokens();
        var dropped = new TokenDropout(data, 0.2, 7).ForEpoch(1);
        int real = 0, replaced = 0;
        for (int n = 0; n < data.Count; n++)
            for (int t = 0; t < data.Steps; t++)
            {
                int before = data.Tokens![n * data.Steps + t], after = dropped.Tokens![n * data.Steps + t];
                if (t >= data.Lengths[n]) { Assert.Equal(Vocabulary.PaddingId, after); continue; }
                if (before != Vocabulary.UnknownId) real++;
                if (after != before) { Assert.Equal(Vocabulary.UnknownId, after); replaced++; }
            }
        // Binomial(real, 0.2): 5 standard deviations either side.
        double expected = 0.2 * real, sd = Math.Sqrt(real * 0.2 * 0.8);
        Assert.InRange(replaced, expected - 5 * sd, expected + 5 * sd);
        Assert.Equal(data.Lengths, dropped.Lengths);
        Assert.Equal(data.Labels, dropped.Labels);
    }

    [Fact]
    public void The_same_epoch_and_seed_drop_the_same_tokens_and_other_epochs_others()
    {
        var data = Tokens();
        var dropout = new TokenDropout(data, 0.3, 7);
        Assert.Equal(dropout.ForEpoch(4).Tokens, new TokenDropout(data, 0.3, 7).ForEpoch(4).Tokens);
        Assert.NotEqual(dropout.ForEpoch(4).Tokens, dropout.ForEpoch(5).Tokens);
        Assert.NotEqual(dropout.ForEpoch(4).Tokens, new TokenDropout(data, 0.3, 8).ForEpoch(4).Tokens);
        Assert.Equal(Tokens().Tokens, data.Tokens);   // the training set itself is left alone
    }

    [Fact]
    public void Probability_zero_is_the_data_itself()
    {
        var data = Tokens();
        Assert.Same(data, new TokenDropout(data, 0, 1).ForEpoch(3));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_probability_outside_zero_to_one_is_refused(double p)
        => Assert.StartsWith("TokenDropout is", Assert.Throws<SettingException>(() => new TokenDropout(Tokens(), p, 1)).Message);

    [Fact]
    public void Dense_data_are_refused()
        => Assert.Throws<ArgumentException>(() => new TokenDropout(TemporalOrderTask.Generate(4, 12, new SeededRandom(1)), 0.1, 1));
}
