namespace Elman.Numerics;

/// <summary>
/// All singular values of a dense matrix by the one-sided Jacobi method (Hestenes): rotate pairs of
/// columns until every pair is orthogonal; the column norms are then the singular values. Slow
/// (O(n³) per sweep, a handful of sweeps) but accurate to a few ulps relative to ‖A‖₂, which is
/// what an exact reference needs.
/// </summary>
public static class SingularValues
{
    const int MaxSweeps = 80;

    /// <summary>σ_1 ≥ σ_2 ≥ … ≥ σ_min(m,n) ≥ 0 of the row-major [rows, cols] matrix <paramref name="a"/>; NaN values if it holds a NaN or ∞.</summary>
    /// <exception cref="ArgumentException">The span does not hold rows · cols values.</exception>
    public static double[] Compute(ReadOnlySpan<double> a, int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if (a.Length != (long)rows * cols) throw new ArgumentException($"expected rows·cols = {rows}·{cols} values, got {a.Length}", nameof(a));
        // Rotate the columns of the orientation with fewer columns; store each column contiguously.
        bool transpose = cols > rows;
        int n = transpose ? rows : cols, m = transpose ? cols : rows;
        var columns = new double[n * m];   // [n, m]: column j of the (transposed) matrix at j·m
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                columns[transpose ? r * m + c : c * m + r] = a[r * cols + c];
        if (!columns.All(double.IsFinite)) return Enumerable.Repeat(double.NaN, n).ToArray();
        // Work on A / max|A[i,j]| so the sums of squares neither underflow (long products of Jacobians
        // reach 1e-300) nor overflow.
        double scale = columns.Length == 0 ? 0 : columns.Max(Math.Abs);
        if (scale == 0) return new double[n];
        for (int i = 0; i < columns.Length; i++) columns[i] /= scale;

        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                    rotated |= Rotate(columns.AsSpan(p * m, m), columns.AsSpan(q * m, m));
            if (!rotated) break;
        }
        var sigma = new double[n];
        for (int j = 0; j < n; j++) sigma[j] = scale * Math.Sqrt(SumOfSquares(columns.AsSpan(j * m, m)));
        Array.Sort(sigma, (x, y) => y.CompareTo(x));
        return sigma;
    }

    // Makes columns p and q orthogonal with a plane rotation: with α = ‖a_p‖², β = ‖a_q‖², γ = a_p·a_q,
    // ζ = (β - α) / 2γ, t = sign(ζ) / (|ζ| + √(1 + ζ²)), c = 1/√(1 + t²), s = c t. Returns false when
    // they already are, to working precision.
    static bool Rotate(Span<double> ap, Span<double> aq)
    {
        double alpha = 0, beta = 0, gamma = 0;
        for (int i = 0; i < ap.Length; i++)
        {
            alpha += ap[i] * ap[i];
            beta += aq[i] * aq[i];
            gamma += ap[i] * aq[i];
        }
        if (gamma == 0 || Math.Abs(gamma) <= 1e-15 * Math.Sqrt(alpha * beta)) return false;
        double zeta = (beta - alpha) / (2 * gamma);
        // t is the smaller root of t² + 2ζt - 1 = 0; for huge |ζ| it is 1/2ζ (and ζ² would overflow).
        double t = Math.Abs(zeta) > 1e150 ? 1 / (2 * zeta) : (zeta >= 0 ? 1 : -1) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
        double c = 1 / Math.Sqrt(1 + t * t), s = c * t;
        for (int i = 0; i < ap.Length; i++)
        {
            double x = ap[i], y = aq[i];
            ap[i] = c * x - s * y;
            aq[i] = s * x + c * y;
        }
        return true;
    }

    static double SumOfSquares(ReadOnlySpan<double> v)
    {
        double sum = 0;
        foreach (double x in v) sum += x * x;
        return sum;
    }
}
