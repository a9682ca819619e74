using Elman.Analysis;
using Elman.Data;
using Elman.Model;
using Elman.Tests.Support;
using Elman.Numerics;

namespace Elman.Tests.Analysis;

/// <summary>
/// The analysis of bidirectional and stacked models against independent references: the recorded states
/// and every reverse chain ∂h_t/∂h_i (i &gt; t) against a scalar recurrence run in reading order and its
/// central differences; Σ_i C_i of every layer and direction against central differences of the loss
/// in W_hh (and BPTT); ∂ℓ/∂x_i against central differences of the loss in x. All in double; the gradient
/// tests also run with max and mean pooling, where every top-layer step gets a direct term from the classifier.
/// </summary>
public class BidirectionalAnalysisTests
{
    const double Eps = 1e-6;

    [Theory]
    [MemberData(nameof(AnalysisCases.Bidirectional), MemberType = typeof(AnalysisCases))]
    public void Recorded_reverse_states_are_the_recurrence_run_from_step_T_down(ModelCase c)
    {
        var (model, batch, traces) = AnalysisCases.Build(c);
        foreach (var trace in traces)
            for (int k = 0; k < c.Layers; k++)
                foreach (var d in trace.Directions)
                {
                    var reference = ReferenceRecurrence.For(model, batch, trace, k, d);
                    Assert.Equal(new double[c.Hidden], trace.State(k, d == Direction.Forward ? 0 : trace.Length + 1, d).ToArray());
                    for (int s = 1; s <= trace.Length; s++)
                    {
                        int t = d == Direction.Forward ? s : trace.Length + 1 - s;
                        var expected = reference.Run(new double[c.Hidden], 0, s);
                        double err = AnalysisCases.RelativeError(trace.State(k, t, d), expected);
                        Assert.True(err <= 1e-13, $"{c}, example {trace.Example}, layer {k} {d.Name()}, h_{t}: relative error {err:E2}");
                    }
                }
    }

    [Theory]
    [MemberData(nameof(AnalysisCases.Bidirectional), MemberType = typeof(AnalysisCases))]
    public void Every_reverse_lag_matches_central_differences(ModelCase c)
    {
        var (model, batch, traces) = AnalysisCases.Build(c);
        foreach (var trace in traces)
            for (int k = 0; k < c.Layers; k++)
            {
                int steps = trace.Length;
                var reference = ReferenceRecurrence.For(model, batch, trace, k, Direction.Reverse);
                // A chain that ends where the classifier reads (t = 1) and one that ends later.
                foreach (int end in new[] { 1, Math.Min(2, steps) })
                {
                    var chain = JacobianChain<double>.Of(trace, k, end, Direction.Reverse);
                    Assert.Equal(end, chain.Start);
                    do
                    {
                        Assert.Equal(chain.Start - end, chain.Lag);
                        // Reading order: sequence step i is reading step T + 1 - i.
                        // ε = 1e-5: products that have shrunk to ~1e-3 over five steps need the smaller rounding error.
                        var expected = reference.FiniteDifferenceJacobian(trace.State(k, chain.Start, Direction.Reverse).ToArray(), steps + 1 - chain.Start, steps + 1 - end, 1e-5);
                        double err = AnalysisCases.RelativeError(chain.Product, expected, floor: 1e-9);
                        Assert.True(err <= 1e-6, $"{c}, example {trace.Example}, layer {k}, reverse ∂h_{end}/∂h_{chain.Start}: relative error {err:E2} vs finite differences");
                    }
                    while (chain.StepBack());
                    Assert.Equal(steps, chain.Start);
                }
            }
    }

    [Theory]
    [MemberData(nameof(AnalysisCases.Bidirectional), MemberType = typeof(AnalysisCases))]
    public void Reverse_profile_runs_from_step_1_with_lag_i_minus_1_under_both_bounds(ModelCase c)
    {
        var (model, _, traces) = AnalysisCases.Build(c);
        int h = c.Hidden;
        foreach (var trace in traces)
            for (int k = 0; k < c.Layers; k++)
            {
                var profile = JacobianProfile.Compute(trace, k, direction: Direction.Reverse);
                double whh = SpectralNorm.Exact(model.Weights[ParameterLayout.WeightHh(k, reverse: true)], h, h);
                Assert.Equal(Direction.Reverse, profile.Direction);
                Assert.Equal(1, profile.End);
                Assert.Equal(whh, profile.SpectralNormWhh, 12);
                Assert.Equal(Enumerable.Range(1, trace.Length), profile.Lags.Select(l => l.I));
                Assert.Equal(Enumerable.Range(0, trace.Length), profile.Lags.Select(l => l.Lag));
                double tight = 1;
                foreach (var l in profile.Lags)
                {
                    Assert.Equal(Math.Pow(whh, l.Lag), l.LooseBound, 12);
                    Assert.Equal(tight, l.TightBound, 12);
                    Assert.True(l.JacobianNorm <= l.TightBound * (1 + 1e-10) && l.TightBound <= l.LooseBound * (1 + 1e-10), $"{c}, layer {k}, i = {l.I}: {l}");
                    // The next lag multiplies in J_i = diag(σ'(z_i)) W_hh of the reverse direction.
                    tight *= trace.Derivative(k, l.I, Direction.Reverse).ToArray().Max(Math.Abs) * whh;
                }
            }
    }

    [Theory]
    [MemberData(nameof(AnalysisCases.Bidirectional), MemberType = typeof(AnalysisCases))]
    [MemberData(nameof(AnalysisCases.Pooled), MemberType = typeof(AnalysisCases))]
    public void Contributions_of_every_layer_and_direction_sum_to_central_differences_of_the_loss(ModelCase c)
    {
        var (model, batch, _) = AnalysisCases.Build(c);
        int h = c.Hidden;
        for (int b = 0; b < Math.Min(2, c.Batch); b++)
        {
            var single = AnalysisCases.Single(batch, b);
            var trace = SequenceTrace<double>.Record(model, single)[0];
            model.ComputeGradients(single);
            for (int k = 0; k < c.Layers; k++)
                foreach (var d in trace.Directions)
                {
                    string name = ParameterLayout.WeightHh(k, d == Direction.Reverse);
                    var decomposition = BpttDecomposition<double>.Compute(trace, k, d);
                    var sum = decomposition.Sum();
                    // C_T = 0 in reverse (h_{T+1} = 0), as C_1 = 0 forward (h_0 = 0).
                    Assert.Equal(0, decomposition.ContributionNorms()[d == Direction.Forward ? 0 : trace.Length - 1]);
                    var weights = model.Weights[name];
                    var fd = new double[h * h];
                    for (int n = 0; n < fd.Length; n++)
                    {
                        double saved = weights[n];
                        weights[n] = saved + Eps;
                        model.Forward(single);
                        double plus = model.Loss;
                        weights[n] = saved - Eps;
                        model.Forward(single);
                        double minus = model.Loss;
                        weights[n] = saved;
                        fd[n] = (plus - minus) / (2 * Eps);
                    }
                    double err = AnalysisCases.RelativeError(sum, fd, floor: 1e-8);
                    Assert.True(err <= 1e-7, $"{c}, example {b}, {name}: Σ_i C_i vs central differences, relative error {err:E2}");
                    double bptt = AnalysisCases.RelativeError(sum, model.Gradients[name]);
                    Assert.True(bptt <= 1e-12, $"{c}, example {b}, {name}: Σ_i C_i vs BPTT, relative error {bptt:E2}");
                }
        }
    }

    [Theory]
    [MemberData(nameof(AnalysisCases.Bidirectional), MemberType = typeof(AnalysisCases))]
    [MemberData(nameof(AnalysisCases.Pooled), MemberType = typeof(AnalysisCases))]
    public void Mean_contributions_of_a_ragged_batch_sum_to_the_BPTT_gradient_in_both_directions(ModelCase c)
    {
        var (model, batch, _) = AnalysisCases.Build(c);
        model.ComputeGradients(batch);
        var traces = SequenceTrace<double>.Record(model, batch);
        for (int k = 0; k < c.Layers; k++)
            foreach (var d in traces[0].Directions)
            {
                string name = ParameterLayout.WeightHh(k, d == Direction.Reverse);
                double err = AnalysisCases.RelativeError(BpttDecomposition<double>.Mean(traces, k, d).Sum(), model.Gradients[name]);
                Assert.True(err <= 1e-12, $"{c}, {name}: Σ_i C_i vs BPTT relative error {err:E2}");
            }
    }

    [Theory]
    [MemberData(nameof(AnalysisCases.Bidirectional), MemberType = typeof(AnalysisCases))]
    public void Top_layer_reverse_gradient_is_the_loss_gradient_at_h1_times_the_chain(ModelCase c)
    {
        var (_, _, traces) = AnalysisCases.Build(c);
        int top = c.Layers - 1, h = c.Hidden;
        foreach (var trace in traces)
        {
            var g = HiddenGradients<double>.Compute(trace, top, Direction.Reverse);
            var dLdh1 = new double[h];
            trace.LossGradient(Direction.Reverse, dLdh1);
            var chain = JacobianChain<double>.Of(trace, top, direction: Direction.Reverse);
            do
            {
                var expected = new double[h];
                for (int a = 0; a < h; a++)
                    for (int b = 0; b < h; b++) expected[b] += dLdh1[a] * chain.Product[a * h + b];
                double err = AnalysisCases.RelativeError(g[chain.Start], expected, floor: 1e-14);
                Assert.True(err <= 1e-12, $"{c}, example {trace.Example}, i = {chain.Start}: reverse ∂ℓ/∂h_i relative error {err:E2}");
            }
            while (chain.StepBack());
        }
    }

    [Theory]
    [MemberData(nameof(AnalysisCases.All), MemberType = typeof(AnalysisCases))]
    [MemberData(nameof(AnalysisCases.Pooled), MemberType = typeof(AnalysisCases))]
    public void Input_gradients_match_central_differences_of_the_loss(ModelCase c)
    {
        var (model, batch, _) = AnalysisCases.Build(c);
        int s = batch.Steps, dIn = batch.InputSize;
        for (int b = 0; b < Math.Min(2, c.Batch); b++)
        {
            var x = batch.X.Slice(b * s * dIn, s * dIn).ToArray();
            var trace = SequenceTrace<double>.Record(model, AnalysisCases.Single(batch, b, x))[0];
            var dx = InputGradients<double>.Compute(trace);
            for (int i = 1; i <= trace.Length; i++)
            {
                var fd = new double[dIn];
                for (int j = 0; j < dIn; j++)
                {
                    int at = (i - 1) * dIn + j;
                    double saved = x[at];
                    x[at] = saved + Eps;
                    model.Forward(AnalysisCases.Single(batch, b, x));
                    double plus = model.Loss;
                    x[at] = saved - Eps;
                    model.Forward(AnalysisCases.Single(batch, b, x));
                    double minus = model.Loss;
                    x[at] = saved;
                    fd[j] = (plus - minus) / (2 * Eps);
                }
                double err = AnalysisCases.RelativeError(dx[i], fd, floor: 1e-8);
                Assert.True(err <= 1e-7, $"{c}, example {b}, ∂ℓ/∂x_{i}: relative error {err:E2} vs central differences");
            }
        }
    }

    [Theory]
    [MemberData(nameof(AnalysisCases.All), MemberType = typeof(AnalysisCases))]
    [MemberData(nameof(AnalysisCases.Pooled), MemberType = typeof(AnalysisCases))]
    public void Step_profile_lines_up_the_per_lag_quantities_with_the_steps(ModelCase c)
    {
        var (_, _, traces) = AnalysisCases.Build(c);
        var trace = traces[0];
        for (int k = 0; k < c.Layers; k++)
            foreach (var d in trace.Directions)
            {
                var profile = StepProfile.Compute(trace, k, d);
                var chain = JacobianChain<double>.Of(trace, k, direction: d);
                var g = HiddenGradients<double>.Compute(trace, k, d);
                var contributions = BpttDecomposition<double>.Compute(trace, k, d).ContributionNorms();
                do
                {
                    int i = chain.Start;
                    Assert.Equal(chain.Lag, profile.LagOf(i));
                    Assert.Equal(i, profile.StepAt(chain.Lag));
                    Assert.Equal(chain.Lag == 0 ? 1 : chain.Norm(), profile.JacobianNorms[i - 1], 12);
                    Assert.Equal(g.Norm(i), profile.HiddenGradientNorms[i - 1]);
                    Assert.Equal(contributions[i - 1], profile.ContributionNorms[i - 1]);
                }
                while (chain.StepBack());
                int covering = profile.LagCovering(0.9);
                var byLag = profile.ByLag(profile.ContributionNorms);
                Assert.True(byLag.Take(covering + 1).Sum() >= 0.9 * byLag.Sum() - 1e-15);
                Assert.True(covering == 0 || byLag.Take(covering).Sum() < 0.9 * byLag.Sum());
            }
    }

    [Fact]
    public void Unidirectional_models_refuse_the_reverse_direction()
    {
        var (_, _, traces) = AnalysisCases.Build((ModelCase)AnalysisCases.Dense().First()[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => traces[0].Jacobian(0, 1, Direction.Reverse));
        Assert.Throws<ArgumentOutOfRangeException>(() => HiddenGradients<double>.Compute(traces[0], 0, Direction.Reverse));
    }
}
