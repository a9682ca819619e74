using System.Numerics;
using Elman.Data;
using Elman.Model;
using Elman.Training;
using Elman.Numerics;

namespace Elman.Analysis;

/// <summary>Gradient flow of a model on a fixed probe batch at one moment of training.</summary>
/// <param name="Loss">The mean loss on the probe batch.</param>
/// <param name="GradientNorm">‖∂ℓ/∂θ‖₂ over all parameters, on the probe batch.</param>
/// <param name="SpectralNormsWhh">‖W_hh^(k)‖₂ of every layer k (forward direction), exactly.</param>
/// <param name="LossGradientNorms">‖∂ℓ/∂h_i‖₂ of the top layer's forward direction against the lag T - i, over the probe's sequences.</param>
/// <param name="ReverseSpectralNormsWhh">‖W_hh^(k)‖₂ of every layer's reverse direction; empty for a unidirectional model.</param>
/// <param name="ReverseLossGradientNorms">‖∂ℓ/∂h_i‖₂ of the top layer's reverse direction against the lag i - 1; empty for a unidirectional model.</param>
public sealed record GradientFlowSnapshot(double Loss, double GradientNorm, double[] SpectralNormsWhh, LagSummary[] LossGradientNorms,
    double[] ReverseSpectralNormsWhh, LagSummary[] ReverseLossGradientNorms);

/// <summary>
/// Measures <see cref="GradientFlowSnapshot"/>s of changing weights on one fixed labelled batch, in
/// double precision on its own copy of the model, so it can run between training epochs without
/// touching the trainer's activations or gradients.
/// </summary>
public sealed class GradientProbe
{
    readonly RnnClassifier<double> _model;
    readonly SequenceBatch<double> _batch;

    /// <summary>A probe for models of <paramref name="config"/> on <paramref name="batch"/> (which needs labels).</summary>
    /// <exception cref="ElmanException">The batch has no labels or does not fit the config.</exception>
    public GradientProbe(RnnConfig config, SequenceBatch<double> batch)
    {
        if (!batch.HasLabels) throw new ElmanException("the gradient probe batch needs labels 'y'");
        batch.Validate(config, "probe batch");
        _model = new RnnClassifier<double>(config);
        _batch = batch;
    }

    /// <summary>The probe's sequences.</summary>
    public SequenceBatch<double> Batch => _batch;

    /// <summary>Copies <paramref name="weights"/> and measures loss, gradient norm, ‖W_hh‖₂ per layer and direction, and the top layer's ‖∂ℓ/∂h_i‖₂ per lag in each direction.</summary>
    public GradientFlowSnapshot Measure<T>(Parameters<T> weights) where T : unmanaged, IFloatingPointIeee754<T>
    {
        _model.Weights.CopyFrom(weights);
        double loss = _model.ComputeGradients(_batch);
        double gradientNorm = GradientClipper.TotalNorm<double>(_model.Gradients.Values);
        int h = _model.Config.HiddenSize, top = _model.Config.NumLayers - 1;
        bool bidirectional = _model.Config.Bidirectional;
        double[] Whh(bool reverse) => Enumerable.Range(0, _model.Config.NumLayers)
            .Select(k => SpectralNorm.Exact(_model.Weights[ParameterLayout.WeightHh(k, reverse)], h, h)).ToArray();
        var traces = SequenceTrace<double>.Record(_model, _batch);
        var gradients = traces.Select(t => HiddenGradients<double>.ComputeDirections(t, top)).ToList();
        LagSummary[] Flow(Direction d) => LagSummary.Of(gradients.Select(g => (IReadOnlyList<double>)g[d.Index()].NormsByLag()));
        return new GradientFlowSnapshot(loss, gradientNorm, Whh(false), Flow(Direction.Forward),
            bidirectional ? Whh(true) : [], bidirectional ? Flow(Direction.Reverse) : []);
    }
}
