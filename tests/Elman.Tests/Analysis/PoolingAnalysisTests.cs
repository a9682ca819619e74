using Elman.Analysis;
using Elman.Layers;
using Elman.Tests.Support;

namespace Elman.Tests.Analysis;

/// <summary>
/// With max or mean pooling every top-layer step gets a direct term e_t from the classifier:
/// Σ_t e_t = ∂ℓ/∂v (the pooled input's gradient), max puts each unit's share at its first maximum, mean
/// e/T everywhere; and ∂ℓ/∂h_i of the top layer equals Σ_{t read at or after i} e_t ∂h_t/∂h_i summed from
/// explicit Jacobian chains, an independent route from BPTT's recursion. The finite-difference checks of
/// every layer's Σ_i C_i and of ∂ℓ/∂x_i with pooling are in <see cref="BidirectionalAnalysisTests"/>.
/// </summary>
public class PoolingAnalysisTests
{
    [Theory]
    [MemberData(nameof(AnalysisCases.Pooled), MemberType = typeof(AnalysisCases))]
    public void Classifier_terms_spread_the_pooled_gradient_over_the_steps(ModelCase c)
    {
        var (_, _, traces) = AnalysisCases.Build(c);
        int h = c.Hidden, top = c.Layers - 1;
        foreach (var trace in traces)
            foreach (var d in trace.Directions)
            {
                var e = new double[h];
                trace.LossGradient(d, e);
                var terms = trace.ClassifierGradients(d);
                Assert.Equal(trace.Length * h, terms.Length);
                for (int a = 0; a < h; a++)
                {
                    var column = Enumerable.Range(1, trace.Length).Select(t => terms[(t - 1) * h + a]).ToArray();
                    Assert.Equal(e[a], column.Sum(), 12);
                    if (c.Pooling == Pooling.Mean)
                        Assert.All(column, v => Assert.Equal(e[a] / trace.Length, v, 15));
                    else
                    {
                        var states = Enumerable.Range(1, trace.Length).Select(t => trace.State(top, t, d)[a]).ToArray();
                        int first = Array.IndexOf(states, states.Max());
                        for (int t = 0; t < trace.Length; t++) Assert.Equal(t == first ? e[a] : 0, column[t]);
                    }
                }
            }
    }

    [Theory]
    [MemberData(nameof(AnalysisCases.Pooled), MemberType = typeof(AnalysisCases))]
    public void Top_layer_hidden_gradient_is_the_sum_of_every_direct_term_times_its_chain(ModelCase c)
    {
        var (_, _, traces) = AnalysisCases.Build(c);
        int top = c.Layers - 1, h = c.Hidden;
        foreach (var trace in traces)
            foreach (var d in trace.Directions)
            {
                var g = HiddenGradients<double>.Compute(trace, top, d);
                var terms = trace.ClassifierGradients(d);
                var expected = new double[(trace.Length + 1) * h];   // row i = Σ_t e_t ∂h_t/∂h_i
                for (int t = 1; t <= trace.Length; t++)
                {
                    var chain = JacobianChain<double>.Of(trace, top, t, d);
                    do
                        for (int a = 0; a < h; a++)
                            for (int b = 0; b < h; b++) expected[chain.Start * h + b] += terms[(t - 1) * h + a] * chain.Product[a * h + b];
                    while (chain.StepBack());
                }
                for (int i = 1; i <= trace.Length; i++)
                {
                    double err = AnalysisCases.RelativeError(g[i], expected.AsSpan(i * h, h), floor: 1e-14);
                    Assert.True(err <= 1e-12, $"{c}, example {trace.Example}, {d.Name()}, i = {i}: ∂ℓ/∂h_i relative error {err:E2}");
                }
            }
    }
}
