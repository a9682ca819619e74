namespace Elman.Baselines;

/// <summary>
/// Limited-memory BFGS (Nocedal &amp; Wright, Algorithm 7.4, two-loop recursion with the last <c>m</c> pairs) with a
/// backtracking Armijo line search; stops when ‖∇J‖∞ ≤ tolerance·max(1, |J|) or after the iteration budget.
/// </summary>
static class Lbfgs
{
    /// <summary>J(x), with ∇J(x) written to <paramref name="gradient"/>.</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>Minimises J from <paramref name="x"/> in place.</summary>
    public static void Minimize(Objective objective, double[] x, int maxIterations, int memory = 10, double tolerance = 1e-6)
    {
        int n = x.Length;
        var g = new double[n];
        double f = objective(x, g);
        var s = new List<double[]>();
        var y = new List<double[]>();
        var rho = new List<double>();
        var direction = new double[n];
        var alpha = new double[memory];
        var xNew = new double[n];
        var gNew = new double[n];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            if (g.Max(Math.Abs) <= tolerance * Math.Max(1, Math.Abs(f))) return;
            // d = −H g by the two-loop recursion, H₀ = (sᵀy / yᵀy) I.
            for (int i = 0; i < n; i++) direction[i] = -g[i];
            for (int k = s.Count - 1; k >= 0; k--)
            {
                alpha[k] = rho[k] * Dot(s[k], direction);
                Axpy(-alpha[k], y[k], direction);
            }
            if (s.Count > 0) Scale(direction, Dot(s[^1], y[^1]) / Dot(y[^1], y[^1]));
            for (int k = 0; k < s.Count; k++)
                Axpy(alpha[k] - rho[k] * Dot(y[k], direction), s[k], direction);
            double slope = Dot(g, direction);
            if (slope >= 0)
            {
                // Not a descent direction (curvature lost): restart from steepest descent.
                for (int i = 0; i < n; i++) direction[i] = -g[i];
                slope = Dot(g, direction);
                s.Clear(); y.Clear(); rho.Clear();
            }
            double step = s.Count == 0 ? Math.Min(1, 1 / Math.Sqrt(-slope)) : 1;
            double fNew;
            while (true)
            {
                for (int i = 0; i < n; i++) xNew[i] = x[i] + step * direction[i];
                fNew = objective(xNew, gNew);
                if (fNew <= f + 1e-4 * step * slope || step < 1e-12) break;
                step *= 0.5;
            }
            var sk = new double[n];
            var yk = new double[n];
            for (int i = 0; i < n; i++) { sk[i] = xNew[i] - x[i]; yk[i] = gNew[i] - g[i]; }
            double sy = Dot(sk, yk);
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            bool converged = Math.Abs(f - fNew) <= 1e-12 * Math.Max(1, Math.Abs(f));
            f = fNew;
            if (converged) return;
            if (sy <= 1e-12) continue;   // keep H positive definite: skip a pair without curvature
            if (s.Count == memory) { s.RemoveAt(0); y.RemoveAt(0); rho.RemoveAt(0); }
            s.Add(sk); y.Add(yk); rho.Add(1 / sy);
        }
    }

    static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++) y[i] += a * x[i];
    }

    static void Scale(double[] x, double a)
    {
        for (int i = 0; i < x.Length; i++) x[i] *= a;
    }
}
