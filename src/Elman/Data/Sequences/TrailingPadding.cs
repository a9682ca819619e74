namespace Elman.Data.Sequences;

/// <summary>
/// Lengths from NaN padding: a sequence ends after its last step that holds any non-NaN value, the
/// convention of NumPy arrays, the UCR archive and sktime for sequences of unequal length. A NaN before that
/// step is a missing value and is refused later (<see cref="NumericSequences"/> checks every valid step).
/// </summary>
static class TrailingPadding
{
    /// <summary>The length of every sequence of x [N, T, D].</summary>
    /// <exception cref="ElmanException">A sequence has no step with a value.</exception>
    public static int[] Lengths(float[] x, int count, int steps, int features, string source)
    {
        var lengths = new int[count];
        for (int n = 0; n < count; n++)
        {
            var row = x.AsSpan(n * steps * features, steps * features);   // [T, D]
            int last = row.Length - 1;
            while (last >= 0 && float.IsNaN(row[last])) last--;
            lengths[n] = last < 0 ? throw new ElmanException($"{source}: x[{n}] has no values (every step is NaN), expected at least one step") : last / features + 1;
        }
        return lengths;
    }
}
