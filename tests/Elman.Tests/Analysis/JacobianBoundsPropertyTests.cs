using Elman.Analysis;
using Elman.Data;
using Elman.Model;
using Elman.Numerics;
using Elman.Layers;

namespace Elman.Tests.Analysis;

/// <summary>
/// The bounds are checked, not assumed: over 300 seeded random models (H 1..12, T 1..30, 1 or 2
/// layers, tanh and ReLU, recurrent weights scaled 0.2..4×, inputs scaled 0.01..10×, ragged lengths),
/// for every sequence, layer and step,
/// ‖J_j‖₂ ≤ ‖diag σ'(z_j)‖₂ ‖W_hh‖₂ ≤ ‖W_hh‖₂ and
/// ‖∂h_t/∂h_i‖₂ ≤ ∏_{k=i+1..t} ‖diag σ'(z_k)‖₂ ‖W_hh‖₂ ≤ ‖W_hh‖₂^(t-i),
/// all norms exact (Jacobi SVD). Allowed slack for rounding: 1e-10 relative.
/// </summary>
public class JacobianBoundsPropertyTests
{
    const int Models = 300;
    const double Slack = 1 + 1e-10;

    [Fact]
    public void No_random_model_violates_the_one_step_or_the_chain_bounds()
    {
        long checks = 0;
        for (ulong seed = 0; seed < Models; seed++)
        {
            var (model, batch, description) = RandomCase(seed);
            var traces = SequenceTrace<double>.Record(model, batch);
            foreach (var trace in traces)
                for (int k = 0; k < model.Config.NumLayers; k++)
                {
                    int h = model.Config.HiddenSize;
                    double whh = SpectralNorm.Exact(trace.RecurrentWeights(k), h, h);
                    for (int j = 1; j <= trace.Length; j++)
                    {
                        var jacobian = trace.Jacobian(k, j);
                        double norm = jacobian.Norm(), tight = jacobian.DerivativeNorm * whh;
                        Assert.True(norm <= tight * Slack + 1e-300, $"{description}, example {trace.Example}, layer {k}: ‖J_{j}‖₂ = {norm:R} > ‖diag σ'‖₂‖W_hh‖₂ = {tight:R}");
                        Assert.True(tight <= whh * Slack, $"{description}, example {trace.Example}, layer {k}, j = {j}: ‖diag σ'‖₂‖W_hh‖₂ = {tight:R} > ‖W_hh‖₂ = {whh:R}");
                        checks += 2;
                    }
                    var profile = JacobianProfile.Compute(trace, k);
                    Assert.Equal(trace.Length, profile.Lags.Count);
                    foreach (var lag in profile.Lags)
                    {
                        Assert.True(lag.JacobianNorm <= lag.TightBound * Slack + 1e-300, $"{description}, example {trace.Example}, layer {k}: ‖∂h_{profile.End}/∂h_{lag.I}‖₂ = {lag.JacobianNorm:R} > tight bound {lag.TightBound:R}");
                        Assert.True(lag.TightBound <= lag.LooseBound * Slack, $"{description}, example {trace.Example}, layer {k}, i = {lag.I}: tight bound {lag.TightBound:R} > ‖W_hh‖₂^{lag.Lag} = {lag.LooseBound:R}");
                        checks += 2;
                    }
                }
        }
        Assert.True(checks > 20_000, $"only {checks} inequalities checked");
    }

    static (RnnClassifier<double> Model, SequenceBatch<double> Batch, string Description) RandomCase(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int h = rng.NextInt(1, 13), steps = rng.NextInt(1, 31), layers = rng.NextInt(1, 3), d = rng.NextInt(1, 5), batchSize = 2;
        var act = rng.NextInt(2) == 0 ? Nonlinearity.Tanh : Nonlinearity.Relu;
        double weightScale = Math.Exp(rng.NextUniform(Math.Log(0.2), Math.Log(4))), inputScale = Math.Exp(rng.NextUniform(Math.Log(0.01), Math.Log(10)));
        var model = RnnClassifier<double>.Create(new RnnConfig(0, d, h, layers, 3, act), seed);
        foreach (var info in model.Layout.Tensors)
            if (info.Name.StartsWith("rnn.", StringComparison.Ordinal))
                foreach (ref var w in model.Weights[info]) w *= weightScale;   // PyTorch's U(±1/√H) init gives ‖W_hh‖₂ ≈ 2/√3
        var x = new double[batchSize * steps * d];
        for (int i = 0; i < x.Length; i++) x[i] = inputScale * rng.NextNormal();
        var lengths = new[] { steps, rng.NextInt(1, steps + 1) };
        var labels = new[] { rng.NextInt(3), rng.NextInt(3) };
        string description = $"seed {seed}: H = {h}, T = {steps}, L = {layers}, D = {d}, {act}, weights × {weightScale:F2}, inputs × {inputScale:F3}";
        return (model, SequenceBatch<double>.Dense(x, batchSize, steps, d, lengths, labels), description);
    }
}
