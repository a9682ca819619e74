using Elman.Data;
using Elman.Model;
using Elman.Numerics;
using Elman.Layers;

namespace Elman.Analysis;

/// <summary>Which part of σ the experiment's inputs exercise.</summary>
public enum ActivationRegime
{
    /// <summary>tanh driven by inputs of size 1e-10, so every h_t ≈ 0 and σ' ≈ 1: J_j ≈ W_hh.</summary>
    Linear,
    /// <summary>tanh driven by unit-variance inputs: σ' = 1 - h² &lt; 1, near 0 where units saturate.</summary>
    Tanh,
    /// <summary>ReLU driven by unit-variance inputs: σ' ∈ {0, 1}, 0 for the inactive units.</summary>
    Relu,
}

/// <summary>How W_hh is drawn before it is scaled to the target norm.</summary>
public enum RecurrentMatrixKind
{
    /// <summary>Gaussian entries rescaled to ‖W_hh‖₂ = s (<see cref="RecurrentMatrices.Gaussian"/>).</summary>
    Gaussian,
    /// <summary>s times an orthogonal matrix (<see cref="RecurrentMatrices.Orthogonal"/>).</summary>
    Orthogonal,
}

/// <summary>The settings of <see cref="VanishingExperiment"/>.</summary>
public sealed record VanishingExperimentOptions
{
    /// <summary>The values ‖W_hh‖₂ is set to.</summary>
    public IReadOnlyList<double> Scales { get; init; } = [0.5, 0.9, 1.0, 1.1, 1.5];
    /// <summary>H.</summary>
    public int Hidden { get; init; } = 32;
    /// <summary>T: every sequence's length, so lags run 0..T-1.</summary>
    public int Length { get; init; } = 40;
    /// <summary>Random input sequences averaged over per setting.</summary>
    public int Sequences { get; init; } = 16;
    /// <summary>D.</summary>
    public int InputSize { get; init; } = 4;
    /// <summary>Seeds the matrices, inputs and labels.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws <see cref="ElmanException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Scales.Count == 0 || Scales.Any(s => !(s > 0) || double.IsInfinity(s))) throw new ElmanException("scales must be positive and finite");
        SettingException.Require(Hidden is >= 1 and <= 1024, nameof(Hidden), Hidden, "1 to 1024");
        SettingException.Require(Length is >= 2 and <= 10_000, nameof(Length), Length, "2 to 10000");
        SettingException.Require(Sequences is >= 1 and <= 100_000, nameof(Sequences), Sequences, "1 to 100000");
        if (InputSize < 1) throw new ElmanException($"input size is {InputSize}, expected ≥ 1");
    }
}

/// <summary>One setting's averages against lag t - i (index = lag, 0..T-1).</summary>
/// <param name="Regime">The inputs' regime.</param>
/// <param name="Kind">How W_hh was drawn.</param>
/// <param name="Scale">The target ‖W_hh‖₂.</param>
/// <param name="SpectralNormWhh">‖W_hh‖₂ as measured (exact).</param>
/// <param name="MeanDerivative">The mean σ'(z_t) over all steps, units and sequences.</param>
/// <param name="JacobianNorms">‖∂h_T/∂h_i‖₂ over the sequences.</param>
/// <param name="LossGradientNorms">‖∂ℓ/∂h_i‖₂ over the sequences.</param>
/// <param name="JacobianBound">‖W_hh‖₂^(T-i).</param>
/// <param name="LossGradientBound">mean ‖∂ℓ/∂h_T‖₂ · ‖W_hh‖₂^(T-i).</param>
/// <param name="GrowthRate">Fitted per-step rate of the mean ‖∂h_T/∂h_i‖₂ (<see cref="Analysis.GrowthRate"/>).</param>
/// <param name="LossGradientGrowthRate">Fitted per-step rate of the mean ‖∂ℓ/∂h_i‖₂.</param>
public sealed record VanishingCurve(
    ActivationRegime Regime, RecurrentMatrixKind Kind, double Scale, double SpectralNormWhh, double MeanDerivative,
    LagSummary[] JacobianNorms, LagSummary[] LossGradientNorms, double[] JacobianBound, double[] LossGradientBound,
    double GrowthRate, double LossGradientGrowthRate);

/// <summary>
/// The seed's conclusion as an experiment: with ‖W_hh‖₂ set to each scale s, average ‖∂h_T/∂h_i‖₂ and
/// ‖∂ℓ/∂h_i‖₂ against the lag T - i over random input sequences, next to the bound s^(T-i). Below 1 the
/// bound forces both to vanish geometrically; above 1 they can grow only where J_j ≈ W_hh (σ' ≈ 1)
/// and W_hh's eigenvalues, not just its norm, exceed 1, as for s · orthogonal in the linear regime.
/// One layer, zero biases, W_ih with N(0, 1/D) entries, the classifier as PyTorch initialises it.
/// </summary>
public static class VanishingExperiment
{
    /// <summary>Runs every regime × matrix kind × scale, in that order. Deterministic for a given seed.</summary>
    public static IReadOnlyList<VanishingCurve> Run(VanishingExperimentOptions options)
    {
        options.Validate();
        var curves = new List<VanishingCurve>();
        foreach (var regime in Enum.GetValues<ActivationRegime>())
            foreach (var kind in Enum.GetValues<RecurrentMatrixKind>())
                foreach (double scale in options.Scales)
                    curves.Add(Measure(options, regime, kind, scale));
        return curves;
    }

    static VanishingCurve Measure(VanishingExperimentOptions o, ActivationRegime regime, RecurrentMatrixKind kind, double scale)
    {
        int h = o.Hidden, d = o.InputSize, steps = o.Length, n = o.Sequences;
        var config = new RnnConfig(0, d, h, 1, 2, regime == ActivationRegime.Relu ? Nonlinearity.Relu : Nonlinearity.Tanh);
        var model = RnnClassifier<double>.Create(config, o.Seed);
        // The same base matrix and inputs for every scale and regime, so only s and σ differ between curves.
        var whh = kind == RecurrentMatrixKind.Orthogonal
            ? RecurrentMatrices.Orthogonal(h, scale, SeededRandom.Derive(o.Seed, 20))
            : RecurrentMatrices.Gaussian(h, scale, SeededRandom.Derive(o.Seed, 21));
        whh.CopyTo(model.Weights[ParameterLayout.WeightHh(0)]);
        var inputRandom = SeededRandom.Derive(o.Seed, 22);
        foreach (ref var w in model.Weights[ParameterLayout.WeightIh(0)]) w = inputRandom.NextNormal() / Math.Sqrt(d);
        model.Weights[ParameterLayout.BiasIh(0)].Clear();
        model.Weights[ParameterLayout.BiasHh(0)].Clear();

        double inputScale = regime == ActivationRegime.Linear ? 1e-10 : 1;
        var x = new double[n * steps * d];
        for (int i = 0; i < x.Length; i++) x[i] = inputScale * inputRandom.NextNormal();
        var labels = Enumerable.Range(0, n).Select(_ => inputRandom.NextInt(2)).ToArray();
        var lengths = Enumerable.Repeat(steps, n).ToArray();
        var traces = SequenceTrace<double>.Record(model, SequenceBatch<double>.Dense(x, n, steps, d, lengths, labels));

        var jacobians = traces.Select(t => (IReadOnlyList<double>)JacobianProfile.Compute(t, 0, method: NormMethod.PowerIteration).Lags.Select(l => l.JacobianNorm).ToArray());
        var gradients = traces.Select(t => (IReadOnlyList<double>)HiddenGradients<double>.Compute(t, 0).NormsByLag()).ToList();
        var jacobianNorms = LagSummary.Of(jacobians);
        var gradientNorms = LagSummary.Of(gradients);
        double measured = SpectralNorm.Exact(whh, h, h);
        var bound = Enumerable.Range(0, steps).Select(lag => Math.Pow(measured, lag)).ToArray();
        double gradientAtT = gradientNorms[0].Mean;
        return new VanishingCurve(regime, kind, scale, measured, DerivativeHistogram.Compute(traces, 0).Mean,
            jacobianNorms, gradientNorms, bound, bound.Select(b => b * gradientAtT).ToArray(),
            GrowthRate.Fit(jacobianNorms.Select(s => s.Mean).ToArray()), GrowthRate.Fit(gradientNorms.Select(s => s.Mean).ToArray()));
    }
}
