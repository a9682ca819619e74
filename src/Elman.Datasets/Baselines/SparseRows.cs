namespace Elman.Baselines;

/// <summary>
/// Documents as sparse feature vectors: log(1 + count) per feature, each row scaled to unit L2 norm (sublinear
/// term frequency, as linear text classifiers usually read n-grams). Features are numbered by the vocabulary seen
/// in training; unseen ones are dropped.
/// </summary>
sealed class SparseRows
{
    public SparseRows(IReadOnlyList<IReadOnlyList<string>> documents, Dictionary<string, int> vocabulary, bool grow)
    {
        Offsets = new int[documents.Count + 1];
        var indices = new List<int>();
        var values = new List<double>();
        var counts = new Dictionary<int, int>();
        for (int i = 0; i < documents.Count; i++)
        {
            counts.Clear();
            foreach (var feature in documents[i])
            {
                if (!vocabulary.TryGetValue(feature, out int id))
                {
                    if (!grow) continue;
                    vocabulary[feature] = id = vocabulary.Count;
                }
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }
            double norm = Math.Sqrt(counts.Values.Sum(c => Math.Log(1 + c) * Math.Log(1 + c)));
            foreach (var (id, count) in counts.OrderBy(kv => kv.Key))
            {
                indices.Add(id);
                values.Add(Math.Log(1 + count) / norm);
            }
            Offsets[i + 1] = indices.Count;
        }
        Indices = [.. indices];
        Values = [.. values];
    }

    /// <summary>Row i's entries are [Offsets[i], Offsets[i + 1]).</summary>
    public int[] Offsets { get; }
    /// <summary>Feature ids, ascending within a row.</summary>
    public int[] Indices { get; }
    /// <summary>Scaled values.</summary>
    public double[] Values { get; }
    /// <summary>Rows.</summary>
    public int Count => Offsets.Length - 1;

    /// <summary>scores[c] = b[c] + Σ_f x_f W[f, c] for row <paramref name="i"/>; W is [F, C] row-major after C biases.</summary>
    public void Scores(int i, ReadOnlySpan<double> parameters, int classes, Span<double> scores)
    {
        parameters[..classes].CopyTo(scores);
        for (int k = Offsets[i]; k < Offsets[i + 1]; k++)
        {
            var w = parameters.Slice(classes + Indices[k] * classes, classes);
            for (int c = 0; c < classes; c++) scores[c] += Values[k] * w[c];
        }
    }
}
