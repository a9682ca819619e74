using Elman.Numerics;

namespace Elman.Data.Tasks;

/// <summary>
/// Pure memory: the first of T one-hot symbols (from an alphabet of 8) is the class, and the T - 1
/// symbols after it are uniform noise from the same alphabet. The network must carry one symbol
/// across T - 1 distracting steps; the information is at lag T - 1 and nowhere else.
/// </summary>
public static class CopyFirstTask
{
    /// <summary>Alphabet size, input width and number of classes.</summary>
    public const int Symbols = 8;
    /// <summary>"s0" … "s7".</summary>
    public static readonly IReadOnlyList<string> ClassNames = Enumerable.Range(0, Symbols).Select(i => $"s{i}").ToArray();

    /// <summary>Generates <paramref name="count"/> sequences of <paramref name="length"/> ≥ 2 steps with classes drawn uniformly.</summary>
    public static SequenceDataset Generate(int count, int length, SeededRandom random)
    {
        SettingException.Require(length >= 2, "Length", length, "≥ 2 for copy-first");
        var x = new float[Model.MemoryEstimate.DatasetValues(count, length, Symbols)];
        var lengths = new int[count];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            labels[n] = random.NextInt(Symbols);
            for (int t = 0; t < length; t++)
                x[(n * length + t) * Symbols + (t == 0 ? labels[n] : random.NextInt(Symbols))] = 1;
            lengths[n] = length;
        }
        return SequenceDataset.Dense(x, count, length, Symbols, lengths, labels, ClassNames);
    }
}
