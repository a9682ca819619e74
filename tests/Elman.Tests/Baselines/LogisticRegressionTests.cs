using Elman.Baselines;
using Elman.Numerics;

namespace Elman.Tests.Baselines;

/// <summary>The L2 logistic regression baseline: its gradient against central differences, L-BFGS reaching the minimum, and C chosen on validation.</summary>
public sealed class LogisticRegressionTests
{
    static (List<IReadOnlyList<string>> Docs, List<int> Labels) Topics(int count, ulong seed)
    {
        string[][] words = [["cat", "dog", "fox"], ["bank", "loan", "fund"], ["goal", "team", "ball"]];
        string[] filler = ["the", "a", "of", "new", "big"];
        var random = new SeededRandom(seed);
        var docs = new List<IReadOnlyList<string>>();
        var labels = new List<int>();
        for (int i = 0; i < count; i++)
        {
            int c = i % 3;
            docs.Add([.. Enumerable.Range(0, 6).Select(_ => random.NextDouble() < 0.4 ? words[c][(int)(random.NextDouble() * 3)] : filler[(int)(random.NextDouble() * 5)])]);
            labels.Add(c);
        }
        return (docs, labels);
    }

    [Fact]
    public void The_gradient_matches_central_differences()
    {
        var (docs, labels) = Topics(30, 1);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new SparseRows(docs, vocabulary, grow: true);
        var random = new SeededRandom(3);
        var p = Enumerable.Range(0, 3 + vocabulary.Count * 3).Select(_ => 0.3 * random.NextNormal()).ToArray();
        var g = new double[p.Length];
        LogisticRegression.Objective(rows, labels, 3, 2.5, p, g);
        var scratch = new double[p.Length];
        for (int j = 0; j < p.Length; j++)
        {
            const double h = 1e-5;
            double saved = p[j];
            p[j] = saved + h; double up = LogisticRegression.Objective(rows, labels, 3, 2.5, p, scratch);
            p[j] = saved - h; double down = LogisticRegression.Objective(rows, labels, 3, 2.5, p, scratch);
            p[j] = saved;
            Assert.True(Math.Abs((up - down) / (2 * h) - g[j]) <= 1e-6 * Math.Max(1, Math.Abs(g[j])), $"parameter {j}: {g[j]} vs {(up - down) / (2 * h)}");
        }
    }

    [Fact]
    public void Lbfgs_reaches_a_point_where_the_gradient_vanishes()
    {
        var (docs, labels) = Topics(60, 2);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new SparseRows(docs, vocabulary, grow: true);
        var p = new double[3 + vocabulary.Count * 3];
        var g = new double[p.Length];
        double start = LogisticRegression.Objective(rows, labels, 3, 1.0, p, g);
        Lbfgs.Minimize((x, grad) => LogisticRegression.Objective(rows, labels, 3, 1.0, x, grad), p, 500);
        double end = LogisticRegression.Objective(rows, labels, 3, 1.0, p, g);
        Assert.True(end < start / 2, $"J went from {start} to {end}");
        Assert.True(g.Max(Math.Abs) <= 1e-4, $"‖∇J‖∞ = {g.Max(Math.Abs):E2}");
    }

    [Fact]
    public void It_classifies_held_out_documents_and_picks_C_on_validation()
    {
        var (train, trainLabels) = Topics(300, 4);
        var (validation, validationLabels) = Topics(90, 5);
        var (test, testLabels) = Topics(90, 6);
        var model = LogisticRegression.FitWithValidation(train, trainLabels, validation, validationLabels, 3, [0.01, 1, 100]);
        Assert.Contains(model.C, new[] { 0.01, 1, 100 });
        double accuracy = test.Select((d, i) => model.Predict(d) == testLabels[i] ? 1.0 : 0).Average();
        Assert.True(accuracy >= 0.8, $"test accuracy {accuracy:P1}");
        // C = 0.01 leaves W nearly zero: it cannot beat the chosen model on validation.
        var weak = LogisticRegression.Fit(train, trainLabels, 3, 0.01);
        double weakValidation = validation.Select((d, i) => weak.Predict(d) == validationLabels[i] ? 1.0 : 0).Average();
        double chosenValidation = validation.Select((d, i) => model.Predict(d) == validationLabels[i] ? 1.0 : 0).Average();
        Assert.True(chosenValidation >= weakValidation);
        Assert.Throws<ArgumentOutOfRangeException>(() => LogisticRegression.Fit(train, trainLabels, 3, 0));
    }

    [Fact]
    public void A_fit_started_from_a_smaller_Cs_minimum_reaches_the_same_minimum_as_one_from_zeros()
    {
        var (train, labels) = Topics(300, 7);
        var rows = new SparseRows(train, new Dictionary<string, int>(StringComparer.Ordinal), grow: true);
        var cold = LogisticRegression.Fit(train, labels, 3, 100);
        var path = LogisticRegression.FitPath(train, labels, 3, [100, 1], maxIterations: 300);   // fitted as 1, then 100 from 1's minimum
        Assert.Equal([100.0, 1.0], path.Select(m => m.C));
        var scratch = new double[cold.Parameters.Length];
        double coldJ = LogisticRegression.Objective(rows, labels, 3, 100, cold.Parameters, scratch);
        double warmJ = LogisticRegression.Objective(rows, labels, 3, 100, path[0].Parameters, scratch);
        Assert.True(Math.Abs(warmJ - coldJ) <= 1e-6 * coldJ, $"J from 1's minimum {warmJ} vs from zeros {coldJ}");
        Assert.False(cold.Parameters.SequenceEqual(path[0].Parameters), "the warm start should take a different route to the minimum");
    }
}
