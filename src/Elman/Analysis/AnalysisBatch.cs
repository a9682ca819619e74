using Elman.Data;

namespace Elman.Analysis;

/// <summary>Batches in double precision for the analysis, which runs the model as <c>RnnClassifier&lt;double&gt;</c> so long products of Jacobians keep their digits.</summary>
public static class AnalysisBatch
{
    /// <summary>The first <paramref name="count"/> sequences of <paramref name="data"/> (all of them if fewer), with labels, as one double-precision batch.</summary>
    public static SequenceBatch<double> FromDataset(SequenceDataset data, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        int n = Math.Min(count, data.Count), s = data.Steps, d = data.InputSize;
        var lengths = data.Lengths.AsSpan(0, n).ToArray();
        var labels = data.Labels.AsSpan(0, n).ToArray();
        if (data.IsTokens) return SequenceBatch<double>.FromTokens(data.Tokens.AsSpan(0, n * s).ToArray(), n, s, lengths, labels);
        var x = new double[n * s * d];
        for (int i = 0; i < x.Length; i++) x[i] = data.X![i];
        return SequenceBatch<double>.Dense(x, n, s, d, lengths, labels);
    }
}
