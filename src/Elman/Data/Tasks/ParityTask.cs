using Elman.Numerics;

namespace Elman.Data.Tasks;

/// <summary>
/// Parity of a bit string, one bit per step as a one-hot pair: the class is the XOR of all T bits.
/// Easy to state, hard for gradients: every bit matters equally and no partial sum is informative.
/// </summary>
public static class ParityTask
{
    /// <summary>Input width: one-hot over {0, 1}.</summary>
    public const int InputSize = 2;
    /// <summary>"even", "odd".</summary>
    public static readonly IReadOnlyList<string> ClassNames = ["even", "odd"];

    /// <summary>Generates <paramref name="count"/> bit strings of <paramref name="length"/> ≥ 1 uniformly random bits.</summary>
    public static SequenceDataset Generate(int count, int length, SeededRandom random)
    {
        SettingException.Require(length >= 1, "Length", length, "≥ 1 for parity");
        var x = new float[Model.MemoryEstimate.DatasetValues(count, length, InputSize)];
        var lengths = new int[count];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            int parity = 0;
            for (int t = 0; t < length; t++)
            {
                int bit = random.NextInt(2);
                parity ^= bit;
                x[(n * length + t) * InputSize + bit] = 1;
            }
            labels[n] = parity;
            lengths[n] = length;
        }
        return SequenceDataset.Dense(x, count, length, InputSize, lengths, labels, ClassNames);
    }
}
