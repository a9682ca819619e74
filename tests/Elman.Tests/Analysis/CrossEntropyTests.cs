using Elman.Analysis;
using Elman.Model;
using Elman.Tests.Support;
using Elman.Layers;

namespace Elman.Tests.Analysis;

/// <summary>ℓ(y, p_T) = -Σ y log p_T = -log p_T[c] and ∂ℓ/∂h_T = W_oᵀ(p_T - y), against the model and against central differences.</summary>
public class CrossEntropyTests
{
    [Theory]
    [MemberData(nameof(AnalysisCases.Dense), MemberType = typeof(AnalysisCases))]
    public void Per_sequence_losses_average_to_the_model_loss(ModelCase c)
    {
        var (model, _, traces) = AnalysisCases.Build(c);
        double mean = traces.Average(t => t.Loss);
        Assert.True(Math.Abs(mean - model.Loss) <= 1e-12 * Math.Abs(model.Loss), $"{c}: mean -log p_T[c] = {mean:R}, model loss {model.Loss:R}");
        foreach (var t in traces)
        {
            var onehot = new double[c.Classes];
            onehot[t.Label] = 1;
            Assert.Equal(t.Loss, CrossEntropy.Loss<double>(t.Probabilities, onehot));
        }
    }

    [Theory]
    [InlineData(new[] { 0.2, 0.5, 0.3 }, new[] { 0.0, 1.0, 0.0 })]
    [InlineData(new[] { 0.2, 0.5, 0.3 }, new[] { 0.25, 0.25, 0.5 })]
    [InlineData(new[] { 1e-300, 1.0 }, new[] { 0.0, 1.0 })]
    public void Soft_targets_give_minus_sum_y_log_p(double[] p, double[] y)
    {
        double expected = 0;
        for (int k = 0; k < p.Length; k++) if (y[k] > 0) expected -= y[k] * Math.Log(p[k]);
        Assert.Equal(expected, CrossEntropy.Loss<double>(p, y), 15);
    }

    [Theory]
    [MemberData(nameof(AnalysisCases.Dense), MemberType = typeof(AnalysisCases))]
    public void Hidden_gradient_matches_central_differences_through_the_classifier(ModelCase c)
    {
        const double eps = 1e-6;
        var (model, _, traces) = AnalysisCases.Build(c);
        var wO = model.Weights[ParameterLayout.FcWeight].ToArray();
        var bO = model.Weights[ParameterLayout.FcBias].ToArray();
        int h = c.Hidden, classes = c.Classes;
        double Loss(double[] hT, int label)
        {
            var logits = Enumerable.Range(0, classes).Select(k => bO[k] + Enumerable.Range(0, h).Sum(a => wO[k * h + a] * hT[a])).ToArray();
            double max = logits.Max(), log = Math.Log(logits.Sum(z => Math.Exp(z - max))) + max;
            return log - logits[label];
        }
        foreach (var trace in traces)
        {
            var hT = trace.State(c.Layers - 1, trace.Length).ToArray();
            var got = new double[h];
            trace.LossGradient(got);
            var expected = new double[h];
            for (int a = 0; a < h; a++)
            {
                var plus = (double[])hT.Clone();
                var minus = (double[])hT.Clone();
                plus[a] += eps;
                minus[a] -= eps;
                expected[a] = (Loss(plus, trace.Label) - Loss(minus, trace.Label)) / (2 * eps);
            }
            double err = AnalysisCases.RelativeError(got, expected);
            Assert.True(err <= 1e-8, $"{c}, example {trace.Example}: ∂ℓ/∂h_T relative error {err:E2} vs finite differences");
        }
    }

    [Fact]
    public void Unlabelled_traces_have_no_loss()
    {
        var c = new ModelCase(0, 2, 3, 1, 2, 4, 2, Nonlinearity.Tanh, false, 1);
        var model = RandomModels.Model<double>(c);
        var labelled = RandomModels.Batch<double>(c, 1);
        var batch = Elman.Data.SequenceBatch<double>.Dense(labelled.X, c.Batch, c.Steps, c.Input, labelled.Lengths);
        var trace = SequenceTrace<double>.Record(model, batch)[0];
        Assert.False(trace.HasLabel);
        Assert.Throws<InvalidOperationException>(() => trace.Loss);
        Assert.Throws<InvalidOperationException>(() => HiddenGradients<double>.Compute(trace, 0));
    }
}
