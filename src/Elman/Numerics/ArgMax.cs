namespace Elman.Numerics;

/// <summary>The predicted class of a row of probabilities or logits.</summary>
public static class ArgMax
{
    /// <summary>The index of the largest value (the first on ties; NaN never wins, as no comparison with it holds).</summary>
    public static int Index(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
