namespace Elman.Baselines;

/// <summary>
/// Multinomial logistic regression with an L2 penalty, scikit-learn's <c>LogisticRegression(C=…)</c> objective
/// <code>
/// J(W, b) = C · Σ_i −log softmax(b + Wᵀ x_i)[y_i] + ½ ‖W‖²   (the biases are not penalised)
/// </code>
/// minimised by L-BFGS (<see cref="Lbfgs"/>) from zeros (or, along a grid of C, from the previous C's minimum), so a fit is deterministic. Features are sparse
/// (<see cref="SparseRows"/>: sublinear term frequency, unit L2 norm per document).
/// </summary>
public sealed class LogisticRegression
{
    readonly Dictionary<string, int> _vocabulary;
    readonly double[] _parameters;   // [C] biases, then W [F, C]

    LogisticRegression(Dictionary<string, int> vocabulary, double[] parameters, int classes, double c)
    {
        _vocabulary = vocabulary;
        _parameters = parameters;
        NumClasses = classes;
        C = c;
    }

    /// <summary>The number of classes.</summary>
    public int NumClasses { get; }
    /// <summary>The inverse regularisation strength the model was fitted with.</summary>
    public double C { get; }
    /// <summary>[C] biases, then W [F, C] in the order features were first seen in training.</summary>
    internal ReadOnlySpan<double> Parameters => _parameters;

    /// <summary>Fits on <paramref name="documents"/> (features of each) with classes <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">Sizes disagree, a label is out of range, C ≤ 0, or there are no documents.</exception>
    public static LogisticRegression Fit(IReadOnlyList<IReadOnlyList<string>> documents, IReadOnlyList<int> labels, int numClasses, double c, int maxIterations = 300)
        => FitPath(documents, labels, numClasses, [c], maxIterations)[0];

    /// <summary>
    /// Fits one model per C of <paramref name="grid"/> on the training documents and keeps the one with the best
    /// accuracy on the validation documents (the first on ties), as a careful user tunes C.
    /// </summary>
    public static LogisticRegression FitWithValidation(IReadOnlyList<IReadOnlyList<string>> train, IReadOnlyList<int> trainLabels,
        IReadOnlyList<IReadOnlyList<string>> validation, IReadOnlyList<int> validationLabels, int numClasses, IReadOnlyList<double> grid)
    {
        if (grid.Count == 0) throw new ArgumentException("the grid of C values is empty", nameof(grid));
        LogisticRegression? best = null;
        double bestAccuracy = -1;
        foreach (var model in FitPath(train, trainLabels, numClasses, grid, 300))
        {
            double accuracy = validation.Count == 0 ? 0 : validation.Select((d, i) => model.Predict(d) == validationLabels[i] ? 1.0 : 0).Average();
            if (accuracy > bestAccuracy) (best, bestAccuracy) = (model, accuracy);
        }
        return best!;
    }

    // One model per C, in the grid's order. The features are read once, and each fit starts from the solution for the
    // nearest smaller C already fitted (a regularisation path): J is strictly convex, so the start changes the route,
    // not the minimum. (Measured on names: no faster than from zeros within the machine's noise; the large-C fits
    // take most of the time either way.)
    internal static LogisticRegression[] FitPath(IReadOnlyList<IReadOnlyList<string>> documents, IReadOnlyList<int> labels, int numClasses, IReadOnlyList<double> grid, int maxIterations)
    {
        if (documents.Count != labels.Count) throw new ArgumentException("one label per document is required", nameof(labels));
        if (documents.Count == 0) throw new ArgumentException("no training documents", nameof(documents));
        foreach (double c in grid)
            if (!(c > 0) || double.IsInfinity(c)) throw new ArgumentOutOfRangeException(nameof(grid), c, "expected C > 0");
        if (labels.Any(l => l < 0 || l >= numClasses)) throw new ArgumentException($"labels must lie in [0, {numClasses})", nameof(labels));
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new SparseRows(documents, vocabulary, grow: true);
        var models = new LogisticRegression[grid.Count];
        foreach (int g in Enumerable.Range(0, grid.Count).OrderBy(g => grid[g]))
        {
            double c = grid[g];
            var start = models.Where(m => m is not null && m.C <= c).MaxBy(m => m.C);
            var parameters = start is null ? new double[numClasses + vocabulary.Count * numClasses] : (double[])start._parameters.Clone();
            Lbfgs.Minimize((p, gradient) => Objective(rows, labels, numClasses, c, p, gradient), parameters, maxIterations);
            models[g] = new LogisticRegression(vocabulary, parameters, numClasses, c);
        }
        return models;
    }

    /// <summary>The most probable class of a document.</summary>
    public int Predict(IReadOnlyList<string> document)
    {
        var rows = new SparseRows([document], _vocabulary, grow: false);
        Span<double> scores = stackalloc double[NumClasses];
        rows.Scores(0, _parameters, NumClasses, scores);
        int best = 0;
        for (int k = 1; k < NumClasses; k++) if (scores[k] > scores[best]) best = k;
        return best;
    }

    // J and ∂J/∂(b, W): for each row, p = softmax(s), ∂/∂s = C (p − onehot(y)); ∂/∂W[f] += x_f ∂/∂s; plus W.
    internal static double Objective(SparseRows rows, IReadOnlyList<int> labels, int classes, double c, ReadOnlySpan<double> p, Span<double> gradient)
    {
        gradient.Clear();
        double loss = 0;
        Span<double> s = stackalloc double[classes];
        for (int i = 0; i < rows.Count; i++)
        {
            rows.Scores(i, p, classes, s);
            double max = double.NegativeInfinity;
            foreach (double v in s) max = Math.Max(max, v);
            double sum = 0;
            for (int k = 0; k < classes; k++) sum += Math.Exp(s[k] - max);
            loss += c * (max + Math.Log(sum) - s[labels[i]]);
            for (int k = 0; k < classes; k++) s[k] = c * (Math.Exp(s[k] - max) / sum - (k == labels[i] ? 1 : 0));
            for (int k = 0; k < classes; k++) gradient[k] += s[k];
            for (int e = rows.Offsets[i]; e < rows.Offsets[i + 1]; e++)
            {
                var g = gradient.Slice(classes + rows.Indices[e] * classes, classes);
                for (int k = 0; k < classes; k++) g[k] += rows.Values[e] * s[k];
            }
        }
        for (int j = classes; j < p.Length; j++)
        {
            loss += 0.5 * p[j] * p[j];
            gradient[j] += p[j];
        }
        return loss;
    }
}
