using Elman.Analysis;
using Elman.Data;
using Elman.Model;
using Elman.Tests.Support;

namespace Elman.Tests.Analysis;

/// <summary>
/// ∂ℓ/∂W_hh = Σ_i (∂ℓ/∂h_T)(∂h_T/∂h_i)(∂h_i⁺/∂W_hh): the per-step contributions must add up to the
/// gradient RnnClassifier's BPTT computes (≤ 1e-12 relative, both in double), for one sequence and
/// for the mean over a ragged batch, in every layer of 1- and 2-layer stacks.
/// </summary>
public class BpttDecompositionTests
{
    const double Tolerance = 1e-12;

    [Theory]
    [MemberData(nameof(AnalysisCases.Dense), MemberType = typeof(AnalysisCases))]
    public void Contributions_of_one_sequence_sum_to_its_BPTT_gradient(ModelCase c)
    {
        var (model, batch, _) = AnalysisCases.Build(c);
        for (int b = 0; b < c.Batch; b++)
        {
            var single = Single(batch, b);
            model.ComputeGradients(single);
            var trace = SequenceTrace<double>.Record(model, single)[0];
            for (int k = 0; k < c.Layers; k++)
            {
                var decomposition = BpttDecomposition<double>.Compute(trace, k);
                double err = AnalysisCases.RelativeError(decomposition.Sum(), model.Gradients[ParameterLayout.WeightHh(k)]);
                Assert.True(err <= Tolerance, $"{c}, example {b} (T = {trace.Length}), layer {k}: Σ_i C_i vs BPTT relative error {err:E2}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(AnalysisCases.Dense), MemberType = typeof(AnalysisCases))]
    public void Mean_contributions_of_a_ragged_batch_sum_to_the_BPTT_gradient_of_the_mean_loss(ModelCase c)
    {
        var (model, batch, _) = AnalysisCases.Build(c);
        model.ComputeGradients(batch);
        var traces = SequenceTrace<double>.Record(model, batch);
        for (int k = 0; k < c.Layers; k++)
        {
            var decomposition = BpttDecomposition<double>.Mean(traces, k);
            Assert.Equal(traces.Max(t => t.Length), decomposition.Steps);
            double err = AnalysisCases.RelativeError(decomposition.Sum(), model.Gradients[ParameterLayout.WeightHh(k)]);
            Assert.True(err <= Tolerance, $"{c}, layer {k}: Σ_i C_i vs BPTT relative error {err:E2}");
            var profile = decomposition.ContributionNorms();
            Assert.Equal(0, profile[0]);   // C_1 = (g_1 ⊙ σ'(z_1)) h_0ᵀ and h_0 = 0
            Assert.All(profile, n => Assert.True(double.IsFinite(n) && n >= 0));
        }
    }

    [Theory]
    [MemberData(nameof(AnalysisCases.Dense), MemberType = typeof(AnalysisCases))]
    public void Top_layer_hidden_gradient_is_the_loss_gradient_times_the_chain(ModelCase c)
    {
        var (_, _, traces) = AnalysisCases.Build(c);
        int top = c.Layers - 1, h = c.Hidden;
        foreach (var trace in traces)
        {
            var g = HiddenGradients<double>.Compute(trace, top);
            var dLdhT = new double[h];
            trace.LossGradient(dLdhT);
            var chain = JacobianChain<double>.Of(trace, top);
            do
            {
                // (∂ℓ/∂h_T)(∂h_T/∂h_i) as a row vector times [H, H].
                var expected = new double[h];
                for (int a = 0; a < h; a++)
                    for (int b = 0; b < h; b++) expected[b] += dLdhT[a] * chain.Product[a * h + b];
                double err = AnalysisCases.RelativeError(g[chain.Start], expected, floor: 1e-14);
                Assert.True(err <= Tolerance, $"{c}, example {trace.Example}, i = {chain.Start}: ∂ℓ/∂h_i relative error {err:E2}");
            }
            while (chain.StepBack());
        }
    }

    [Theory]
    [MemberData(nameof(AnalysisCases.Dense), MemberType = typeof(AnalysisCases))]
    public void Immediate_gradient_matches_central_differences_with_the_previous_state_held(ModelCase c)
    {
        const double eps = 1e-6;
        var (model, batch, traces) = AnalysisCases.Build(c);
        var trace = traces[0];
        int h = c.Hidden;
        for (int k = 0; k < c.Layers; k++)
        {
            var reference = ReferenceRecurrence.For(model, batch, trace, k);
            for (int i = 2; i <= trace.Length; i++)
            {
                var immediate = ImmediateGradient<double>.Of(trace, k, i);
                var matrix = immediate.ToMatrix();
                var previous = trace.State(k, i - 1).ToArray();
                for (int a = 0; a < h; a++)
                    for (int b = 0; b < h; b++)
                    {
                        var plus = reference.Activate(reference.PreActivation(i, previous, a, b, eps));
                        var minus = reference.Activate(reference.PreActivation(i, previous, a, b, -eps));
                        for (int r = 0; r < h; r++)
                        {
                            double fd = (plus[r] - minus[r]) / (2 * eps), expected = r == a ? immediate[a, b] : 0;
                            Assert.True(Math.Abs(fd - expected) <= 1e-8, $"{c}, layer {k}, i = {i}: ∂h_i[{r}]/∂W_hh[{a},{b}] = {expected:R}, finite differences {fd:R}");
                        }
                        Assert.Equal(immediate[a, b], matrix[a * h + b]);
                    }
            }
        }
    }

    static SequenceBatch<double> Single(SequenceBatch<double> batch, int b)
    {
        int s = batch.Steps, d = batch.InputSize;
        return SequenceBatch<double>.Dense(batch.X.Slice(b * s * d, s * d), 1, s, d,
            new[] { batch.Lengths.Span[b] }, new[] { batch.Labels.Span[b] });
    }
}
