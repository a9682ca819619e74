using System.Numerics;
using Elman.Numerics;

namespace Elman.Model;

/// <summary>How the recurrent matrices W_hh are initialised; the remedies the RNN literature proposes for vanishing and exploding gradients.</summary>
public enum RecurrentInit
{
    /// <summary>PyTorch's default, U(-1/√H, 1/√H).</summary>
    PyTorch,
    /// <summary>A random orthogonal matrix × scale (QR of a Gaussian, sign-corrected as PyTorch's <c>orthogonal_</c>): every singular value is the scale.</summary>
    Orthogonal,
    /// <summary>scale · I, with the recurrent biases zeroed: the IRNN of Le et al. (2015).</summary>
    Identity,
    /// <summary>Glorot/Xavier uniform, U(-√(6/2H), √(6/2H)) × scale.</summary>
    Glorot,
}

/// <summary>Re-initialises every <c>rnn.weight_hh_l{k}</c> (and <c>_reverse</c>) of a model.</summary>
public static class RecurrentInitializer
{
    /// <summary>Applies <paramref name="kind"/> × <paramref name="scale"/> to every recurrent matrix, drawing from <paramref name="random"/>.</summary>
    public static void Apply<T>(RnnClassifier<T> model, RecurrentInit kind, double scale, SeededRandom random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = model.Config.HiddenSize;
        for (int k = 0; k < model.Config.NumLayers; k++)
            for (int d = 0; d < model.Config.Directions; d++)
            {
                bool reverse = d == 1;
                var w = model.Weights[ParameterLayout.WeightHh(k, reverse)];
                switch (kind)
                {
                    case RecurrentInit.Orthogonal:
                        var q = Orthogonal(h, random);
                        for (int i = 0; i < q.Length; i++) w[i] = T.CreateChecked(scale * q[i]);
                        break;
                    case RecurrentInit.Identity:
                        w.Clear();
                        for (int i = 0; i < h; i++) w[i * h + i] = T.CreateChecked(scale);
                        model.Weights[ParameterLayout.BiasIh(k, reverse)].Clear();
                        model.Weights[ParameterLayout.BiasHh(k, reverse)].Clear();
                        break;
                    case RecurrentInit.Glorot:
                        double bound = Math.Sqrt(6.0 / (2 * h));
                        for (int i = 0; i < w.Length; i++) w[i] = T.CreateChecked(scale * random.NextUniform(-bound, bound));
                        break;
                    default:
                        double b = 1 / Math.Sqrt(h);
                        for (int i = 0; i < w.Length; i++) w[i] = T.CreateChecked(scale * random.NextUniform(-b, b));
                        break;
                }
            }
    }

    /// <summary>
    /// Multiplies every recurrent matrix (each layer, both directions) by the one positive scalar that makes
    /// its spectral norm ‖W_hh‖₂ = σ_1 equal <paramref name="norm"/>, measured exactly in double precision
    /// (to rounding in T). Every matrix is measured before any is changed, so on an exception the model is
    /// left as it was.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="norm"/> is not positive and finite.</exception>
    /// <exception cref="ElmanException">A W_hh is zero or holds a NaN or ∞, so no multiple of it has that norm.</exception>
    public static void RescaleToNorm<T>(RnnClassifier<T> model, double norm) where T : unmanaged, IFloatingPointIeee754<T>
        => Rescale(model, norm, nameof(norm), "spectral norm", (w, h) => SpectralNorm.Exact(w, h, h));

    /// <summary>
    /// Multiplies every recurrent matrix (each layer, both directions) by the one positive scalar that makes
    /// its spectral radius ρ(W_hh) = max |λ| equal <paramref name="radius"/>, measured by
    /// <see cref="Eigenvalues"/> in double precision. The radius, not the norm, sets how powers W^k grow or
    /// decay in the long run (‖W^k‖^{1/k} → ρ), as in echo state networks. Every matrix is measured before
    /// any is changed, so on an exception the model is left as it was.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="radius"/> is not positive and finite.</exception>
    /// <exception cref="ElmanException">A W_hh is nilpotent (all eigenvalues 0, e.g. zero) or holds a NaN or ∞, so no multiple of it has that radius.</exception>
    public static void RescaleToRadius<T>(RnnClassifier<T> model, double radius) where T : unmanaged, IFloatingPointIeee754<T>
        => Rescale(model, radius, nameof(radius), "spectral radius", Eigenvalues.SpectralRadius);

    static void Rescale<T>(RnnClassifier<T> model, double target, string parameter, string measureName, Func<ReadOnlySpan<T>, int, double> measure)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!double.IsFinite(target) || target <= 0) throw new ArgumentOutOfRangeException(parameter, target, $"expected a positive, finite {measureName}");
        int h = model.Config.HiddenSize;
        var names = new List<string>();
        for (int k = 0; k < model.Config.NumLayers; k++)
            for (int d = 0; d < model.Config.Directions; d++) names.Add(ParameterLayout.WeightHh(k, reverse: d == 1));
        // Measure every matrix before changing any, so that an exception leaves the model as it was.
        var factors = new double[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            double current = measure(model.Weights[names[i]], h);
            if (double.IsNaN(current)) throw new ElmanException($"{names[i]} holds a NaN or ∞: it has no {measureName} to rescale");
            if (current == 0) throw new ElmanException($"{names[i]} has {measureName} 0, so no multiple of it has {measureName} {target}");
            factors[i] = target / current;
        }
        for (int i = 0; i < names.Count; i++)
            foreach (ref var w in model.Weights[names[i]]) w = T.CreateChecked(double.CreateChecked(w) * factors[i]);
    }

    /// <summary>
    /// A uniformly random n×n orthogonal matrix, row-major: Gram–Schmidt on a Gaussian matrix's columns,
    /// done twice for orthogonality to rounding. Positive norms on R's diagonal are the sign correction
    /// that makes the distribution uniform (Haar), as PyTorch's <c>orthogonal_</c> does with q·sign(diag r).
    /// </summary>
    public static double[] Orthogonal(int n, SeededRandom random)
    {
        var a = new double[n * n];
        for (int i = 0; i < a.Length; i++) a[i] = random.NextNormal();
        for (int j = 0; j < n; j++)
        {
            for (int pass = 0; pass < 2; pass++)
                for (int p = 0; p < j; p++)
                {
                    double dot = 0;
                    for (int i = 0; i < n; i++) dot += a[i * n + p] * a[i * n + j];
                    for (int i = 0; i < n; i++) a[i * n + j] -= dot * a[i * n + p];
                }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += a[i * n + j] * a[i * n + j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++) a[i * n + j] /= norm;
        }
        return a;
    }
}
