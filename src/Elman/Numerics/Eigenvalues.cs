using System.Numerics;

namespace Elman.Numerics;

/// <summary>
/// All eigenvalues λ (A x = λ x) of a dense real square matrix, in double precision: balance, reduce to
/// upper Hessenberg form with Householder reflections, then run Francis's implicit double-shift QR
/// iteration until the matrix is quasi-triangular, with 1×1 diagonal blocks for real eigenvalues and
/// 2×2 blocks for complex-conjugate pairs (Golub &amp; Van Loan, Matrix Computations, §7.4–7.5). Every
/// step is an orthogonal similarity, so each computed λ is exact for a matrix within a few ε‖A‖ of A;
/// how far that moves λ depends on its condition (far for nearly defective matrices). The spectral
/// radius ρ(A) = max |λ| is the growth rate of powers, ‖A^k‖^{1/k} → ρ(A), and never exceeds ‖A‖₂.
/// </summary>
public static class Eigenvalues
{
    const int IterationsPerEigenvalue = 30;
    const double Ulp = 2.220446049250313e-16;              // 2^-52, the spacing of doubles at 1
    const double SmallestNormal = 2.2250738585072014e-308;  // below it, doubles lose precision

    /// <summary>
    /// The n eigenvalues of the row-major [n, n] matrix <paramref name="a"/>, repeated by algebraic
    /// multiplicity, both members of each complex-conjugate pair included (as exact conjugates), sorted
    /// by descending modulus |λ| (ties: larger real part, then larger imaginary part first). Empty for
    /// n = 0; all NaN if <paramref name="a"/> holds a NaN or ∞.
    /// </summary>
    /// <exception cref="ArgumentException">The span does not hold n · n values.</exception>
    /// <exception cref="ArithmeticException">The QR iteration did not converge within 30 · n steps (exceptional shifts break the cycles known to stall it).</exception>
    public static Complex[] Compute(ReadOnlySpan<double> a, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (a.Length != (long)n * n) throw new ArgumentException($"expected n·n = {n}·{n} values, got {a.Length}", nameof(a));
        var lambda = new Complex[n];
        double peak = 0;
        foreach (double x in a)
        {
            if (!double.IsFinite(x))
            {
                Array.Fill(lambda, new Complex(double.NaN, double.NaN));
                return lambda;
            }
            peak = Math.Max(peak, Math.Abs(x));
        }
        if (peak == 0) return lambda;

        // Work on A · 2^-e with max |a_ij| in [1, 2): a power of two scales every eigenvalue exactly and
        // keeps the squares in the shifts and reflections far from overflow and underflow.
        int e = Math.ILogB(peak);
        var h = new double[a.Length];
        for (int i = 0; i < a.Length; i++) h[i] = Math.ScaleB(a[i], -e);
        Balance(h, n);
        ReduceToHessenberg(h, n);
        FrancisQr(h, n, lambda);
        for (int i = 0; i < n; i++) lambda[i] = new Complex(Math.ScaleB(lambda[i].Real, e), Math.ScaleB(lambda[i].Imaginary, e));
        Array.Sort(lambda, ByDescendingModulus);
        return lambda;
    }

    /// <summary>ρ(A) = max_i |λ_i| of the row-major [n, n] matrix: 0 for n = 0, NaN if A holds a NaN or ∞.</summary>
    /// <inheritdoc cref="Compute(ReadOnlySpan{double}, int)"/>
    public static double SpectralRadius(ReadOnlySpan<double> a, int n)
    {
        var lambda = Compute(a, n);
        return n == 0 ? 0 : lambda[0].Magnitude;
    }

    /// <inheritdoc cref="SpectralRadius(ReadOnlySpan{double}, int)"/>
    public static double SpectralRadius<T>(ReadOnlySpan<T> a, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = new double[a.Length];
        for (int i = 0; i < a.Length; i++) d[i] = double.CreateChecked(a[i]);
        return SpectralRadius(d, n);
    }

    // Parlett–Reinsch balancing: the similarity D⁻¹AD with D diagonal, made of powers of two so that it is
    // exact, that brings each row's and column's off-diagonal 1-norms to within about a factor of two of
    // each other. The eigenvalues stay the same, but the rounding errors of the QR iteration, about ε‖A‖,
    // shrink with the norm (companion matrices and products of Jacobians are badly scaled).
    static void Balance(double[] h, int n)
    {
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int i = 0; i < n; i++)
            {
                double column = 0, row = 0;
                for (int j = 0; j < n; j++)
                    if (j != i)
                    {
                        column += Math.Abs(h[j * n + i]);
                        row += Math.Abs(h[i * n + j]);
                    }
                if (column == 0 || row == 0) continue;
                // f = 2^k with column · f ≈ row / f; tracked as column · f².
                double f = 1, scaled = column;
                while (scaled < row / 2) { scaled *= 4; f *= 2; }
                while (scaled >= row * 2) { scaled /= 4; f /= 2; }
                if ((scaled + row) / f >= 0.95 * (column + row)) continue;   // less than 5% gain: stop, so the loop ends
                for (int j = 0; j < n; j++)
                {
                    h[i * n + j] /= f;
                    h[j * n + i] *= f;
                }
                changed = true;
            }
        }
    }

    // H = QᵀAQ upper Hessenberg (zero below the first subdiagonal), with Q = P_0 ⋯ P_{n-3} and the
    // reflection P_k = I - β v vᵀ zeroing column k below row k + 1 (Golub & Van Loan, Algorithm 7.4.2).
    static void ReduceToHessenberg(double[] h, int n)
    {
        var v = new double[n];
        for (int k = 0; k < n - 2; k++)
        {
            double scale = 0;
            for (int i = k + 2; i < n; i++) scale = Math.Max(scale, Math.Abs(h[i * n + k]));
            if (scale == 0) continue;   // column k is already Hessenberg
            scale = Math.Max(scale, Math.Abs(h[(k + 1) * n + k]));
            double length = 0;
            for (int i = k + 1; i < n; i++)
            {
                v[i] = h[i * n + k] / scale;
                length += v[i] * v[i];
            }
            length = Math.Sqrt(length);
            // Reflect x onto α e_1 with α = -sign(x_0) ‖x‖: then v_0 = x_0 - α adds magnitudes, no cancellation.
            double alpha = v[k + 1] >= 0 ? -length : length;
            v[k + 1] -= alpha;
            double vv = 0;
            for (int i = k + 1; i < n; i++) vv += v[i] * v[i];
            double beta = 2 / vv;

            for (int j = k + 1; j < n; j++)   // H ← P H on rows k+1.., columns k+1.. (column k is set below)
            {
                double dot = 0;
                for (int i = k + 1; i < n; i++) dot += v[i] * h[i * n + j];
                dot *= beta;
                for (int i = k + 1; i < n; i++) h[i * n + j] -= dot * v[i];
            }
            for (int i = 0; i < n; i++)       // H ← H P on columns k+1..
            {
                double dot = 0;
                for (int j = k + 1; j < n; j++) dot += h[i * n + j] * v[j];
                dot *= beta;
                for (int j = k + 1; j < n; j++) h[i * n + j] -= dot * v[j];
            }
            h[(k + 1) * n + k] = alpha * scale;
            for (int i = k + 2; i < n; i++) h[i * n + k] = 0;
        }
    }

    // Deflates eigenvalues off the bottom of the Hessenberg matrix h into lambda. The active block is
    // rows and columns l..hi, with h[l, l-1] negligible; only it is updated, since the coupling entries
    // outside it (above, and to the right) change the Schur vectors but not the eigenvalues.
    static void FrancisQr(double[] h, int n, Complex[] lambda)
    {
        double norm = 0;
        foreach (double x in h) norm += x * x;
        norm = Math.Sqrt(norm);   // ‖H‖_F, kept by every orthogonal similarity
        int limit = IterationsPerEigenvalue * n, iterations = 0, sinceDeflation = 0;
        for (int hi = n - 1; hi >= 0;)
        {
            int l = ActiveBlockStart(h, n, hi, norm);
            if (l >= hi - 1)
            {
                if (l == hi) lambda[hi] = h[hi * n + hi];
                else (lambda[hi - 1], lambda[hi]) = TwoByTwo(h[l * n + l], h[l * n + hi], h[hi * n + l], h[hi * n + hi]);
                hi = l - 1;
                sinceDeflation = 0;
                continue;
            }
            if (++iterations > limit)
                throw new ArithmeticException($"the QR iteration did not converge: {n - hi - 1} of {n} eigenvalues found after {limit} double-shift steps");
            DoubleShiftStep(h, n, l, hi, exceptional: ++sinceDeflation % 10 == 0);
        }
    }

    // The largest l ≤ hi with h[l, l-1] negligible next to its diagonal neighbours (set to 0), or 0.
    static int ActiveBlockStart(double[] h, int n, int hi, double norm)
    {
        for (int k = hi; k > 0; k--)
        {
            double sub = Math.Abs(h[k * n + k - 1]);
            double neighbours = Math.Abs(h[(k - 1) * n + k - 1]) + Math.Abs(h[k * n + k]);
            if (sub <= Ulp * (neighbours == 0 ? norm : neighbours) || sub < SmallestNormal)
            {
                h[k * n + k - 1] = 0;
                return k;
            }
        }
        return 0;
    }

    // One Francis step on the block l..hi (at least 3×3): an implicit QR step with the two shifts σ_1, σ_2
    // (the eigenvalues of the trailing 2×2 block, a conjugate pair or two reals), so that all arithmetic
    // stays real. The reflection P_0 maps the first column of p(H) = (H - σ_1 I)(H - σ_2 I) = H² - sH + tI
    // onto e_1; P_0 H P_0 has a bulge below the subdiagonal, which reflections on rows k..k+2 chase down
    // and off the bottom (Golub & Van Loan, Algorithm 7.5.1).
    static void DoubleShiftStep(double[] h, int n, int l, int hi, bool exceptional)
    {
        double s, t;   // σ_1 + σ_2 and σ_1 σ_2
        if (exceptional)
        {
            // Every tenth step without a deflation, shift by a conjugate pair at distance about the last two
            // subdiagonals from h[hi, hi] instead: the standard shifts stall on matrices such as cyclic
            // permutations, whose eigenvalues all have the same modulus.
            double w = Math.Abs(h[hi * n + hi - 1]) + Math.Abs(h[(hi - 1) * n + hi - 2]);
            double centre = h[hi * n + hi] + 0.75 * w;
            s = 2 * centre;
            t = centre * centre + 0.4375 * w * w;
        }
        else
        {
            int m = hi - 1;
            s = h[m * n + m] + h[hi * n + hi];
            t = h[m * n + m] * h[hi * n + hi] - h[m * n + hi] * h[hi * n + m];
        }
        double h00 = h[l * n + l], h01 = h[l * n + l + 1], h10 = h[(l + 1) * n + l], h11 = h[(l + 1) * n + l + 1];
        double x = h00 * h00 + h01 * h10 - s * h00 + t;   // rows l, l+1, l+2 of p(H) e_l; the rest are 0
        double y = h10 * (h00 + h11 - s);
        double z = h10 * h[(l + 2) * n + l + 1];

        Span<double> v = stackalloc double[3];
        for (int k = l; k < hi; k++)
        {
            int size = Math.Min(3, hi - k + 1);   // the last reflection, on rows hi-1 and hi, is 2×2
            if (k > l)
            {
                x = h[k * n + k - 1];
                y = h[(k + 1) * n + k - 1];
                z = size == 3 ? h[(k + 2) * n + k - 1] : 0;
            }
            if (Math.Abs(y) + Math.Abs(z) == 0) continue;   // already a multiple of e_1: P = I
            double scale = Math.Abs(x) + Math.Abs(y) + Math.Abs(z);
            v[0] = x / scale;
            v[1] = y / scale;
            v[2] = z / scale;
            double length = Math.Sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            double alpha = v[0] >= 0 ? -length : length;
            v[0] -= alpha;
            double beta = 2 / (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            if (k > l)
            {
                h[k * n + k - 1] = alpha * scale;   // the bulge column, reflected onto α e_1
                h[(k + 1) * n + k - 1] = 0;
                if (size == 3) h[(k + 2) * n + k - 1] = 0;
            }
            for (int j = k; j <= hi; j++)   // H ← P H on rows k..k+size-1
            {
                double dot = 0;
                for (int r = 0; r < size; r++) dot += v[r] * h[(k + r) * n + j];
                dot *= beta;
                for (int r = 0; r < size; r++) h[(k + r) * n + j] -= dot * v[r];
            }
            int last = Math.Min(k + 3, hi);   // H ← H P on columns k..k+size-1; row k+3 receives the new bulge
            for (int i = l; i <= last; i++)
            {
                double dot = 0;
                for (int r = 0; r < size; r++) dot += h[i * n + k + r] * v[r];
                dot *= beta;
                for (int r = 0; r < size; r++) h[i * n + k + r] -= dot * v[r];
            }
        }
    }

    // Eigenvalues of [[a, b], [c, d]]: λ = d + p ± √q with p = (a - d)/2, q = p² + bc. For q ≥ 0 the root
    // d + z, z = p + sign(p)√q, adds magnitudes; the other, d + p - sign(p)√q = d - bc/z, avoids the
    // cancellation. For q < 0 the two are the conjugate pair d + p ± i√-q.
    static (Complex, Complex) TwoByTwo(double a, double b, double c, double d)
    {
        double p = (a - d) / 2, bc = b * c, q = p * p + bc;
        if (q < 0)
        {
            double imaginary = Math.Sqrt(-q);
            return (new Complex(d + p, imaginary), new Complex(d + p, -imaginary));
        }
        double z = p + (p >= 0 ? Math.Sqrt(q) : -Math.Sqrt(q));
        return (d + z, z == 0 ? d : d - bc / z);
    }

    static int ByDescendingModulus(Complex x, Complex y)
    {
        int order = y.Magnitude.CompareTo(x.Magnitude);
        if (order == 0) order = y.Real.CompareTo(x.Real);
        return order != 0 ? order : y.Imaginary.CompareTo(x.Imaginary);
    }
}
