namespace Elman.Baselines;

/// <summary>
/// Multinomial naive Bayes over string features with additive (Laplace/Lidstone) smoothing α, as
/// scikit-learn's <c>MultinomialNB</c> with a fixed vocabulary: features never seen in training are
/// ignored at prediction time.
/// <code>
/// log p(c | x) ∝ log π_c + Σ_f n_f(x) · log θ_cf,   θ_cf = (N_cf + α) / (N_c + α |F|)
/// </code>
/// where N_cf counts feature f in class c's training documents, N_c = Σ_f N_cf and π_c is the class's
/// share of training documents. The usual baseline for text classification.
/// </summary>
public sealed class NaiveBayes
{
    readonly Dictionary<string, int> _features;
    readonly double[] _logPrior;       // [C]
    readonly double[] _logLikelihood;  // [F, C]

    NaiveBayes(Dictionary<string, int> features, double[] logPrior, double[] logLikelihood)
    {
        _features = features;
        _logPrior = logPrior;
        _logLikelihood = logLikelihood;
    }

    /// <summary>C: the number of classes.</summary>
    public int NumClasses => _logPrior.Length;
    /// <summary>|F|: distinct features seen in training.</summary>
    public int FeatureCount => _features.Count;

    /// <summary>Fits the model: <paramref name="documents"/>[i] are the features of a document of class <paramref name="labels"/>[i].</summary>
    /// <exception cref="ArgumentException">Sizes disagree, a label is out of range, α ≤ 0, or there are no documents.</exception>
    public static NaiveBayes Fit(IReadOnlyList<IReadOnlyList<string>> documents, IReadOnlyList<int> labels, int numClasses, double alpha = 1.0)
    {
        if (documents.Count != labels.Count) throw new ArgumentException("one label per document is required", nameof(labels));
        if (documents.Count == 0) throw new ArgumentException("no training documents", nameof(documents));
        if (!(alpha > 0)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "expected α > 0");
        var features = new Dictionary<string, int>(StringComparer.Ordinal);
        var counts = new List<double[]>();
        var docsPerClass = new double[numClasses];
        for (int i = 0; i < documents.Count; i++)
        {
            int c = labels[i];
            if ((uint)c >= (uint)numClasses) throw new ArgumentException($"label {c} of document {i} is outside [0, {numClasses})", nameof(labels));
            docsPerClass[c]++;
            foreach (var f in documents[i])
            {
                if (!features.TryGetValue(f, out int id))
                {
                    id = features.Count;
                    features[f] = id;
                    counts.Add(new double[numClasses]);
                }
                counts[id][c]++;
            }
        }
        var totals = new double[numClasses];
        foreach (var row in counts)
            for (int c = 0; c < numClasses; c++) totals[c] += row[c];
        var logLikelihood = new double[counts.Count * numClasses];
        for (int f = 0; f < counts.Count; f++)
            for (int c = 0; c < numClasses; c++)
                logLikelihood[f * numClasses + c] = Math.Log((counts[f][c] + alpha) / (totals[c] + alpha * counts.Count));
        // A class without training documents gets prior 0: log π = -∞ and it is never predicted.
        var logPrior = docsPerClass.Select(n => Math.Log(n / documents.Count)).ToArray();
        return new NaiveBayes(features, logPrior, logLikelihood);
    }

    /// <summary>log π_c + Σ_f n_f log θ_cf for every class (unnormalised log posterior), [C].</summary>
    public double[] Scores(IEnumerable<string> document)
    {
        var scores = (double[])_logPrior.Clone();
        int c = scores.Length;
        foreach (var f in document)
            if (_features.TryGetValue(f, out int id))
                for (int k = 0; k < c; k++) scores[k] += _logLikelihood[id * c + k];
        return scores;
    }

    /// <summary>The most probable class (the first on ties).</summary>
    public int Predict(IEnumerable<string> document)
    {
        var scores = Scores(document);
        int best = 0;
        for (int k = 1; k < scores.Length; k++) if (scores[k] > scores[best]) best = k;
        return best;
    }
}
