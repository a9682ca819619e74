using System.Numerics;
using System.Numerics.Tensors;
using Elman.Numerics;

namespace Elman.Analysis;

/// <summary>
/// ∂ℓ/∂h_i for i = 1..T of one layer and direction of one sequence: the total derivative, through
/// every later-read step, g_i = e_i + J_{next}ᵀ g_{next} (next = i + 1 forward, i - 1 reverse), where
/// e_i is what reaches h_i directly. In the top layer e_i comes from the classifier
/// (<see cref="SequenceTrace{T}.ClassifierGradients"/>): with the last state only h_T^fwd and h_1^rev
/// get one, e = W_oᵀ (p_T - y) split into [e^fwd ; e^rev], so
/// forward: g_T = e^fwd, g_i = J_{i+1}ᵀ g_{i+1}, i.e. ∂ℓ/∂h_i = (∂ℓ/∂h_T) J_T ⋯ J_{i+1};
/// reverse: g_1 = e^rev, g_i = J_{i-1}ᵀ g_{i-1}, i.e. ∂ℓ/∂h_i = (∂ℓ/∂h_1) J_1 ⋯ J_{i-1};
/// with max pooling each unit's share of e goes to the step of its maximum, with mean pooling e/T to every
/// step, so g_i = Σ_{t read at or after i} e_t ∂h_t/∂h_i. All computed as BPTT does. In a lower layer k every h_t also feeds both directions d' of layer k+1 through
/// their W_ih^(k+1,d'), [H, H·dirs], whose column block of direction d adds
/// e_t = Σ_{d'} W_ih^(k+1,d')[:, block d]ᵀ (σ'(z_t^(k+1,d')) ⊙ g_t^(k+1,d')) at each step, and
/// g_i = e_i + J_{next}ᵀ g_{next} = Σ_t e_t ∂h_t/∂h_i over the steps t read at or after i.
/// </summary>
public sealed class HiddenGradients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly T[] _g;   // [T + 2, H], row i = ∂ℓ/∂h_i, rows 0 and T + 1 unused

    HiddenGradients(int layer, Direction direction, int length, int hidden, T[] g)
    {
        Layer = layer;
        Direction = direction;
        Length = length;
        Size = hidden;
        _g = g;
    }

    /// <summary>∂ℓ/∂h_i of layer <paramref name="layer"/> in <paramref name="direction"/> for every step of a labelled <paramref name="trace"/>.</summary>
    /// <exception cref="InvalidOperationException">The trace has no label.</exception>
    public static HiddenGradients<T> Compute(SequenceTrace<T> trace, int layer, Direction direction = Direction.Forward)
    {
        if (direction.Index() >= trace.Config.Directions) throw new ArgumentOutOfRangeException(nameof(direction), direction, "the model is not bidirectional: it has only the forward direction");
        return ComputeDirections(trace, layer)[direction.Index()];
    }

    /// <summary>∂ℓ/∂h_i of layer <paramref name="layer"/> in each direction the model has (forward first), computed together.</summary>
    /// <exception cref="InvalidOperationException">The trace has no label.</exception>
    public static IReadOnlyList<HiddenGradients<T>> ComputeDirections(SequenceTrace<T> trace, int layer)
    {
        var config = trace.Config;
        if ((uint)layer >= (uint)config.NumLayers) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"expected a layer 0 ≤ k < {config.NumLayers}");
        int steps = trace.Length, h = config.HiddenSize, w = config.OutputSize;
        var directions = trace.Directions;
        int dirs = directions.Count, rows = (steps + 2) * h;
        var g = directions.Select(_ => new T[rows]).ToArray();
        var e = directions.Select(_ => new T[rows]).ToArray();   // e_t: ∂ℓ/∂h_t through the layer above (or the classifier) only
        var dz = new T[h];
        var du = new T[w];   // ∂ℓ/∂u_t of the layer above: [H·dirs]

        foreach (var d in directions)
            trace.ClassifierGradients(d).CopyTo(e[d.Index()].AsSpan(h, steps * h));   // rows 1..T

        for (int k = config.NumLayers - 1; ; k--)
        {
            foreach (var d in directions)
            {
                var gd = g[d.Index()];
                var ed = e[d.Index()];
                int first = d.Last(steps);
                ed.AsSpan(first * h, h).CopyTo(gd.AsSpan(first * h, h));
                // Walk back through the reading order: i = T-1..1 forward, 2..T reverse; the step read after i is `next`.
                for (int n = 1; n < steps; n++)
                {
                    int i = d == Direction.Forward ? steps - n : 1 + n, next = d == Direction.Forward ? i + 1 : i - 1;
                    var gi = gd.AsSpan(i * h, h);
                    trace.Jacobian(k, next, d).ApplyTransposed(gd.AsSpan(next * h, h), gi);
                    TensorPrimitives.Add(gi, ed.AsSpan(i * h, h), gi);
                }
            }
            if (k == layer) break;
            // u_t^(k) = [h_t^(k-1,fwd) ; h_t^(k-1,rev)] enters z_t^(k,d') through W_ih^(k,d'):
            // ∂ℓ/∂u_t = Σ_{d'} W_ih^(k,d')ᵀ dz_t^(k,d'), dz = σ'(z) ⊙ g; block d of it is e_t of layer k-1, direction d.
            for (int t = 1; t <= steps; t++)
            {
                du.AsSpan().Clear();
                foreach (var d in directions)
                {
                    TensorPrimitives.Multiply(g[d.Index()].AsSpan(t * h, h), trace.Derivative(k, t, d), dz);
                    Gemm.Multiply(false, false, 1, w, h, dz, h, trace.InputWeights(k, d), w, du, w, accumulate: true);
                }
                foreach (var d in directions) du.AsSpan(d.Index() * h, h).CopyTo(e[d.Index()].AsSpan(t * h, h));
            }
        }
        return directions.Select(d => new HiddenGradients<T>(layer, d, steps, h, g[d.Index()])).ToArray();
    }

    /// <summary>The layer k.</summary>
    public int Layer { get; }
    /// <summary>The direction.</summary>
    public Direction Direction { get; }
    /// <summary>T.</summary>
    public int Length { get; }
    /// <summary>H.</summary>
    public int Size { get; }

    /// <summary>∂ℓ/∂h_i, i = 1..T: [H].</summary>
    public ReadOnlySpan<T> this[int i]
        => i >= 1 && i <= Length ? _g.AsSpan(i * Size, Size) : throw new ArgumentOutOfRangeException(nameof(i), i, $"expected 1 ≤ i ≤ T = {Length}");

    /// <summary>‖∂ℓ/∂h_i‖₂.</summary>
    public double Norm(int i) => Math.Sqrt(double.CreateChecked(TensorPrimitives.SumOfSquares(this[i])));

    /// <summary>‖∂ℓ/∂h_i‖₂ against the lag from the step the classifier reads (index = lag): i = T - lag forward, 1 + lag reverse.</summary>
    public double[] NormsByLag() => Enumerable.Range(0, Length).Select(lag => Norm(Direction == Direction.Forward ? Length - lag : 1 + lag)).ToArray();
}
