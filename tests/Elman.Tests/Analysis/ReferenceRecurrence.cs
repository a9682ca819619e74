using Elman.Analysis;
using Elman.Data;
using Elman.Model;
using Elman.Layers;

namespace Elman.Tests.Analysis;

/// <summary>
/// The recurrence h_t = σ(W_ih u_t + b_ih + W_hh h_{t-1} + b_hh) of one layer as plain double loops,
/// independent of Gemm and the activation kernels: the oracle for finite differences. u_t is the
/// layer's input (x_t for layer 0, h_t of the layer below otherwise), held fixed. Time here is the
/// direction's reading order: for the reverse direction, reading step s = 1..T is sequence step T + 1 - s.
/// </summary>
sealed class ReferenceRecurrence
{
    readonly double[] _wIh, _wHh, _bIh, _bHh;
    readonly int _in, _h;
    readonly Nonlinearity _act;
    readonly double[][] _inputs;   // u_1..u_T at [t - 1]

    public ReferenceRecurrence(RnnClassifier<double> model, int layer, double[][] inputs, bool reverse = false)
    {
        _h = model.Config.HiddenSize;
        _in = layer == 0 ? model.Config.InputSize : model.Config.OutputSize;
        _wIh = model.Weights[ParameterLayout.WeightIh(layer, reverse)].ToArray();
        _wHh = model.Weights[ParameterLayout.WeightHh(layer, reverse)].ToArray();
        _bIh = model.Weights[ParameterLayout.BiasIh(layer, reverse)].ToArray();
        _bHh = model.Weights[ParameterLayout.BiasHh(layer, reverse)].ToArray();
        _act = model.Config.Nonlinearity;
        _inputs = inputs;
    }

    /// <summary>
    /// The recurrence of <paramref name="layer"/> in <paramref name="direction"/> for the trace's example of a dense
    /// batch, in reading order, its input taken from the batch or the trace below ([h^fwd ; h^rev] when bidirectional).
    /// </summary>
    public static ReferenceRecurrence For(RnnClassifier<double> model, SequenceBatch<double> batch, SequenceTrace<double> trace, int layer, Direction direction = Direction.Forward)
    {
        int steps = trace.Length;
        var inputs = new double[steps][];
        for (int s = 1; s <= steps; s++)
        {
            int t = direction == Direction.Forward ? s : steps + 1 - s;
            inputs[s - 1] = layer == 0
                ? batch.X.Span.Slice((trace.Example * batch.Steps + t - 1) * batch.InputSize, batch.InputSize).ToArray()
                : trace.Directions.SelectMany(d => trace.State(layer - 1, t, d).ToArray()).ToArray();
        }
        return new ReferenceRecurrence(model, layer, inputs, direction == Direction.Reverse);
    }

    public int Hidden => _h;

    /// <summary>z_t given h_{t-1} (t is 1-based), optionally with W_hh[a, b] shifted by <paramref name="dw"/>.</summary>
    public double[] PreActivation(int t, double[] previous, int a = -1, int b = -1, double dw = 0)
    {
        var z = new double[_h];
        var u = _inputs[t - 1];
        for (int r = 0; r < _h; r++)
        {
            double s = _bIh[r] + _bHh[r];
            for (int c = 0; c < _in; c++) s += _wIh[r * _in + c] * u[c];
            for (int c = 0; c < _h; c++) s += (_wHh[r * _h + c] + (r == a && c == b ? dw : 0)) * previous[c];
            z[r] = s;
        }
        return z;
    }

    public double[] Activate(double[] z) => z.Select(v => _act == Nonlinearity.Tanh ? Math.Tanh(v) : Math.Max(v, 0)).ToArray();

    /// <summary>σ'(z) from z itself (not from h): 1 - tanh(z)² or [z &gt; 0].</summary>
    public double[] Derivative(double[] z) => z.Select(v => _act == Nonlinearity.Tanh ? 1 - Math.Tanh(v) * Math.Tanh(v) : v > 0 ? 1.0 : 0.0).ToArray();

    /// <summary>h_t after running from h_i = <paramref name="start"/> through steps i+1..t.</summary>
    public double[] Run(double[] start, int i, int t)
    {
        var h = start;
        for (int j = i + 1; j <= t; j++) h = Activate(PreActivation(j, h));
        return h;
    }

    /// <summary>∂h_t/∂h_i by central differences: column b = (h_t(h_i + ε e_b) - h_t(h_i - ε e_b)) / 2ε, [H, H].</summary>
    public double[] FiniteDifferenceJacobian(double[] hi, int i, int t, double eps = 1e-6)
    {
        var jac = new double[_h * _h];
        for (int b = 0; b < _h; b++)
        {
            var plus = (double[])hi.Clone();
            var minus = (double[])hi.Clone();
            plus[b] += eps;
            minus[b] -= eps;
            var hp = Run(plus, i, t);
            var hm = Run(minus, i, t);
            for (int a = 0; a < _h; a++) jac[a * _h + b] = (hp[a] - hm[a]) / (2 * eps);
        }
        return jac;
    }
}
