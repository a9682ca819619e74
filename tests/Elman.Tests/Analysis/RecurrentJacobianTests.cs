using Elman.Analysis;
using Elman.Numerics;
using Elman.Tests.Support;
using Elman.Layers;

namespace Elman.Tests.Analysis;

/// <summary>J_j = diag(σ'(z_j)) W_hh against central differences of the forward pass and against plain matrix products.</summary>
public class RecurrentJacobianTests
{
    const double FiniteDifferenceTolerance = 1e-7;   // ε = 1e-6 in double: truncation ~ε², rounding ~1e-16/ε

    [Theory]
    [MemberData(nameof(AnalysisCases.Dense), MemberType = typeof(AnalysisCases))]
    public void Trace_replays_the_forward_pass_and_sigma_prime_from_h_equals_sigma_prime_from_z(ModelCase c)
    {
        var (model, batch, traces) = AnalysisCases.Build(c);
        foreach (var trace in traces)
            for (int k = 0; k < c.Layers; k++)
            {
                var reference = ReferenceRecurrence.For(model, batch, trace, k);
                for (int t = 1; t <= trace.Length; t++)
                {
                    var z = reference.PreActivation(t, trace.State(k, t - 1).ToArray());
                    double hErr = AnalysisCases.RelativeError(trace.State(k, t), reference.Activate(z));
                    double dErr = AnalysisCases.RelativeError(trace.Derivative(k, t), reference.Derivative(z));
                    Assert.True(hErr <= 1e-12 && dErr <= 1e-12, $"{c}, example {trace.Example}, layer {k}, t = {t}: h error {hErr:E2}, σ' error {dErr:E2}");
                }
            }
    }

    [Theory]
    [MemberData(nameof(AnalysisCases.Dense), MemberType = typeof(AnalysisCases))]
    public void Jacobian_matches_central_differences_of_one_step(ModelCase c)
    {
        var (model, batch, traces) = AnalysisCases.Build(c);
        foreach (var trace in traces)
            for (int k = 0; k < c.Layers; k++)
            {
                var reference = ReferenceRecurrence.For(model, batch, trace, k);
                for (int j = 2; j <= trace.Length; j++)
                {
                    var expected = reference.FiniteDifferenceJacobian(trace.State(k, j - 1).ToArray(), j - 1, j);
                    double err = AnalysisCases.RelativeError(trace.Jacobian(k, j).ToMatrix(), expected);
                    Assert.True(err <= FiniteDifferenceTolerance, $"{c}, example {trace.Example}, layer {k}, J_{j}: relative error {err:E2} vs finite differences");
                }
            }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    [InlineData(17, 3)]
    [InlineData(33, 4)]
    public void Apply_and_ApplyTransposed_are_products_with_the_dense_matrix(int h, ulong seed)
    {
        foreach (var act in new[] { Elman.Layers.Nonlinearity.Tanh, Elman.Layers.Nonlinearity.Relu })
        {
            var rng = new SeededRandom(seed);
            var w = Enumerable.Range(0, h * h).Select(_ => rng.NextNormal()).ToArray();
            var state = Enumerable.Range(0, h).Select(_ => act == Elman.Layers.Nonlinearity.Tanh ? Math.Tanh(rng.NextNormal()) : Math.Max(rng.NextNormal(), 0)).ToArray();
            var v = Enumerable.Range(0, h).Select(_ => rng.NextNormal()).ToArray();
            var jacobian = new RecurrentJacobian<double>(w, state, act);
            var m = jacobian.ToMatrix();
            double[] expected = new double[h], expectedT = new double[h];
            for (int a = 0; a < h; a++)
                for (int b = 0; b < h; b++)
                {
                    expected[a] += m[a * h + b] * v[b];
                    expectedT[b] += m[a * h + b] * v[a];
                }
            var got = new double[h];
            jacobian.Apply(v, got);
            double err = AnalysisCases.RelativeError(got, expected);
            jacobian.ApplyTransposed(v, got);
            double errT = AnalysisCases.RelativeError(got, expectedT);
            Assert.True(err <= 1e-13 && errT <= 1e-13, $"H = {h}, {act}, seed {seed}: J v error {err:E2}, Jᵀ v error {errT:E2}");
        }
    }

    [Fact]
    public void Constructor_rejects_a_weight_matrix_of_the_wrong_size_and_overlapping_vectors()
    {
        Assert.Throws<ArgumentException>(() => new RecurrentJacobian<double>(new double[6], new double[3], Elman.Layers.Nonlinearity.Tanh));
        var j = new RecurrentJacobian<double>(new double[9], new double[3], Elman.Layers.Nonlinearity.Tanh);
        var buffer = new double[3];
        Assert.Throws<ArgumentException>(() => j.Apply(buffer, buffer));
        Assert.Throws<ArgumentException>(() => j.ApplyTransposed(new double[2], new double[3]));
    }
}
