using System.Numerics.Tensors;

namespace Elman.Training;

/// <summary>
/// An exponential moving average of the weights (Polyak averaging, as PyTorch's
/// <c>AveragedModel(multi_avg_fn=get_ema_multi_avg_fn(decay))</c>): after every update,
/// <c>w̄ ← decay · w̄ + (1 − decay) · w</c>, starting from the weights it was created with. The
/// average sits in a flatter region than the last iterate, which generalises better on small data.
/// </summary>
public sealed class WeightAverage
{
    readonly float _step;

    /// <summary>An average that starts at <paramref name="initial"/> and forgets with <paramref name="decay"/> per update.</summary>
    /// <exception cref="ElmanException"><paramref name="decay"/> is not in (0, 1).</exception>
    public WeightAverage(ReadOnlySpan<float> initial, double decay)
    {
        Validate(decay);
        Decay = decay;
        _step = (float)(1 - decay);
        Values = initial.ToArray();
    }

    /// <summary>The decay per update.</summary>
    public double Decay { get; }

    /// <summary>The averaged weights, in layout order.</summary>
    public float[] Values { get; }

    /// <summary>Folds one update's weights into the average: <c>w̄ ← w̄ + (1 − decay)(w − w̄)</c>.</summary>
    public void Update(ReadOnlySpan<float> weights)
    {
        if (weights.Length != Values.Length) throw new ArgumentException($"expected {Values.Length} weights, got {weights.Length}", nameof(weights));
        TensorPrimitives.Lerp(Values, weights, _step, Values);
    }

    /// <summary>Throws <see cref="ElmanException"/> unless 0 &lt; <paramref name="decay"/> &lt; 1.</summary>
    public static void Validate(double decay)
    {
        SettingException.Require(decay is > 0 and < 1, "EmaDecay", decay, "a decay 0 < d < 1 (e.g. 0.999)");
    }
}
