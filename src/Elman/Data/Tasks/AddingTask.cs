using Elman.Numerics;

namespace Elman.Data.Tasks;

/// <summary>
/// The adding problem (Hochreiter &amp; Schmidhuber 1997; Le et al. 2015): two input channels, a value
/// drawn from U(0, 1) and a marker that is 1 at exactly two steps, one in each half of the sequence.
/// The target is the sum of the two marked values. Always predicting 1 gives MSE Var(u₁ + u₂) = 1/6.
/// </summary>
public static class AddingTask
{
    /// <summary>Input width: value and marker.</summary>
    public const int InputSize = 2;

    /// <summary>Generates <paramref name="count"/> sequences of <paramref name="length"/> ≥ 2 steps.</summary>
    public static SequenceDataset Generate(int count, int length, SeededRandom random)
    {
        SettingException.Require(length >= 2, "Length", length, "≥ 2 for adding");
        var x = new float[Model.MemoryEstimate.DatasetValues(count, length, InputSize)];
        var lengths = new int[count];
        var targets = new float[count];
        int half = length / 2;
        for (int n = 0; n < count; n++)
        {
            int first = random.NextInt(half), second = random.NextInt(half, length);
            for (int t = 0; t < length; t++)
                x[(n * length + t) * InputSize] = (float)random.NextDouble();
            x[(n * length + first) * InputSize + 1] = 1;
            x[(n * length + second) * InputSize + 1] = 1;
            targets[n] = x[(n * length + first) * InputSize] + x[(n * length + second) * InputSize];
            lengths[n] = length;
        }
        return SequenceDataset.DenseRegression(x, count, length, InputSize, lengths, targets);
    }
}
