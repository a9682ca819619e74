using Elman.Analysis;
using Elman.Tests.Support;

namespace Elman.Tests.Analysis;

/// <summary>∂h_t/∂h_i = J_t ⋯ J_{i+1} at every lag, against central differences through several steps and against products from scratch.</summary>
public class JacobianChainTests
{
    [Theory]
    [MemberData(nameof(AnalysisCases.Dense), MemberType = typeof(AnalysisCases))]
    public void Every_lag_matches_central_differences_of_the_forward_pass(ModelCase c)
    {
        var (model, batch, traces) = AnalysisCases.Build(c);
        foreach (var trace in traces)
            for (int k = 0; k < c.Layers; k++)
            {
                var reference = ReferenceRecurrence.For(model, batch, trace, k);
                var chain = JacobianChain<double>.Of(trace, k);
                do
                {
                    var expected = reference.FiniteDifferenceJacobian(trace.State(k, chain.Start).ToArray(), chain.Start, chain.End);
                    double err = AnalysisCases.RelativeError(chain.Product, expected, floor: 1e-9);
                    // ~1e-7 per step of truncation and rounding, compounded over at most 8 steps.
                    Assert.True(err <= 1e-6, $"{c}, example {trace.Example}, layer {k}, ∂h_{chain.End}/∂h_{chain.Start}: relative error {err:E2} vs finite differences");
                }
                while (chain.StepBack());
                Assert.Equal(1, chain.Start);
            }
    }

    [Theory]
    [MemberData(nameof(AnalysisCases.Dense), MemberType = typeof(AnalysisCases))]
    public void Incremental_products_equal_products_from_scratch(ModelCase c)
    {
        var (_, _, traces) = AnalysisCases.Build(c);
        var trace = traces[0];
        int h = c.Hidden, t = trace.Length - 1;   // a chain that does not end at T
        var chain = JacobianChain<double>.Of(trace, 0, t);
        while (chain.StepBack())
        {
            // J_t J_{t-1} ⋯ J_{i+1}, multiplied from the left starting at J_{i+1}, with plain loops.
            var expected = Identity(h);
            for (int j = chain.Start + 1; j <= t; j++) expected = Multiply(trace.Jacobian(0, j).ToMatrix(), expected, h);
            double err = AnalysisCases.RelativeError(chain.Product, expected);
            Assert.True(err <= 1e-13, $"{c}: ∂h_{t}/∂h_{chain.Start} relative error {err:E2}");
        }
    }

    static double[] Identity(int h)
    {
        var m = new double[h * h];
        for (int a = 0; a < h; a++) m[a * h + a] = 1;
        return m;
    }

    static double[] Multiply(double[] a, double[] b, int h)
    {
        var c = new double[h * h];
        for (int i = 0; i < h; i++)
            for (int k = 0; k < h; k++)
                for (int j = 0; j < h; j++)
                    c[i * h + j] += a[i * h + k] * b[k * h + j];
        return c;
    }
}
