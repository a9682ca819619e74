using Elman.Numerics;

namespace Elman.Data.Tasks;

/// <summary>
/// The temporal-order problem of Hochreiter &amp; Schmidhuber (1997), as set up by Pascanu et al. (2013):
/// a sequence of T one-hot symbols drawn from {a, b, c, d} (noise) except at two positions, one in
/// [0.1T, 0.2T) and one in [0.5T, 0.6T), which hold X or Y. The class is the ordered pair of those
/// two symbols: XX, XY, YX or YY. Solving it means carrying two bits across ≥ 0.3T noisy steps.
/// </summary>
public static class TemporalOrderTask
{
    /// <summary>Input width: one-hot over a, b, c, d, X, Y.</summary>
    public const int InputSize = 6;
    /// <summary>The four orders.</summary>
    public static readonly IReadOnlyList<string> ClassNames = ["XX", "XY", "YX", "YY"];
    const int X = 4;

    /// <summary>The half-open ranges [first, firstEnd) and [second, secondEnd) of the two marker positions (0-based).</summary>
    public static (int First, int FirstEnd, int Second, int SecondEnd) MarkerRanges(int length)
    {
        int first = (int)(0.1 * length), firstEnd = Math.Max(first + 1, (int)(0.2 * length));
        int second = (int)(0.5 * length), secondEnd = Math.Max(second + 1, (int)(0.6 * length));
        return (first, firstEnd, second, secondEnd);
    }

    /// <summary>Generates <paramref name="count"/> sequences of <paramref name="length"/> ≥ 10 steps with classes drawn uniformly.</summary>
    public static SequenceDataset Generate(int count, int length, SeededRandom random)
    {
        SettingException.Require(length >= 10, "Length", length, "≥ 10 for temporal-order");
        var (first, firstEnd, second, secondEnd) = MarkerRanges(length);
        var x = new float[Model.MemoryEstimate.DatasetValues(count, length, InputSize)];
        var lengths = new int[count];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            int label = random.NextInt(4);
            int p1 = random.NextInt(first, firstEnd), p2 = random.NextInt(second, secondEnd);
            for (int t = 0; t < length; t++)
            {
                int symbol = t == p1 ? X + (label >> 1) : t == p2 ? X + (label & 1) : random.NextInt(4);
                x[(n * length + t) * InputSize + symbol] = 1;
            }
            lengths[n] = length;
            labels[n] = label;
        }
        return SequenceDataset.Dense(x, count, length, InputSize, lengths, labels, ClassNames);
    }
}
