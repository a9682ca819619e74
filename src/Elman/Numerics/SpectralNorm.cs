using System.Numerics;

namespace Elman.Numerics;

/// <summary>The outcome of <see cref="SpectralNorm.Estimate"/>.</summary>
/// <param name="Value">‖A v‖ / ‖v‖ for the final iterate v: never above ‖A‖₂ (up to rounding), and within the tolerance of it when <paramref name="Converged"/>.</param>
/// <param name="Iterations">Products with AᵀA taken.</param>
/// <param name="Converged">Whether the stopping test was met before the iteration limit.</param>
public readonly record struct SpectralNormEstimate(double Value, int Iterations, bool Converged);

/// <summary>
/// ‖A‖₂ = max_{v ≠ 0} ‖A v‖₂ / ‖v‖₂ = σ_1(A), the largest singular value: the most a matrix can
/// stretch a vector, and the norm every bound in the derivation is written in. Computed in double
/// precision, exactly (all singular values, <see cref="SingularValues"/>) or by power iteration.
/// </summary>
public static class SpectralNorm
{
    /// <summary>The default relative tolerance of <see cref="Estimate"/>.</summary>
    public const double DefaultTolerance = 1e-6;

    /// <summary>‖A‖₂ = σ_1 of the row-major [rows, cols] matrix, by one-sided Jacobi SVD: relative error a few ulps. NaN if A holds a NaN or ∞; 0 for an empty matrix.</summary>
    public static double Exact(ReadOnlySpan<double> a, int rows, int cols)
    {
        var sigma = SingularValues.Compute(a, rows, cols);
        return sigma.Length == 0 ? 0 : sigma[0];
    }

    /// <inheritdoc cref="Exact(ReadOnlySpan{double}, int, int)"/>
    public static double Exact<T>(ReadOnlySpan<T> a, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
        => Exact(ToDouble(a), rows, cols);

    /// <summary>‖diag(d)‖₂ = max_i |d[i]|: a diagonal matrix stretches the axis with the largest entry most.</summary>
    public static double Diagonal<T>(ReadOnlySpan<T> diagonal) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double max = 0;
        foreach (var d in diagonal) max = Math.Max(max, Math.Abs(double.CreateChecked(d)));
        return max;
    }

    /// <summary>
    /// Power iteration on AᵀA: v_{k+1} = AᵀA v_k / ‖AᵀA v_k‖ from a seeded random unit v_0, estimating
    /// σ = ‖A v_k‖, which never exceeds ‖A‖₂. With θ = σ² and the residual ρ = ‖AᵀA v_k - θ v_k‖, some
    /// eigenvalue of AᵀA lies within ρ of θ (AᵀA is symmetric), so some singular value lies within
    /// about ρ / 2σ of σ; iteration stops when ρ ≤ 2 · <paramref name="tolerance"/> · θ, i.e. when that
    /// distance is at most tolerance · σ. The singular value it converges to is σ_1 unless the random
    /// start is almost orthogonal to the top singular vector; with σ_2 close to σ_1 convergence is slow
    /// (rate (σ_2/σ_1)² per iteration) and <see cref="SpectralNormEstimate.Converged"/> may be false at
    /// <paramref name="maxIterations"/>. Costs 4 · rows · cols per iteration, against O(n³) per sweep for
    /// <see cref="Exact(ReadOnlySpan{double}, int, int)"/>.
    /// </summary>
    public static SpectralNormEstimate Estimate(ReadOnlySpan<double> a, int rows, int cols, double tolerance = DefaultTolerance, int maxIterations = 1000, ulong seed = 0)
    {
        if (a.Length != (long)rows * cols) throw new ArgumentException($"expected rows·cols = {rows}·{cols} values, got {a.Length}", nameof(a));
        if (!(tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "expected a positive tolerance");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        if (rows == 0 || cols == 0) return new(0, 0, true);
        double peak = 0;
        foreach (double x in a)
        {
            if (!double.IsFinite(x)) return new(double.NaN, 0, false);
            peak = Math.Max(peak, Math.Abs(x));
        }
        if (peak == 0) return new(0, 0, true);

        // Iterate on A / peak so vectors stay in range for products of Jacobians near 1e-300.
        var scaled = new double[a.Length];
        for (int i = 0; i < a.Length; i++) scaled[i] = a[i] / peak;
        var v = new double[cols];
        var w = new double[cols];
        var u = new double[rows];
        var random = new SeededRandom(seed);
        for (int i = 0; i < cols; i++) v[i] = random.NextNormal();
        Normalize(v);

        double sigma = 0;
        for (int k = 1; k <= maxIterations; k++)
        {
            Gemm.Multiply(false, true, 1, rows, cols, v, cols, scaled, cols, u, rows, accumulate: false);   // u = A v
            sigma = Length(u);
            if (sigma == 0) return new(0, k, true);   // v in the null space: only when A = 0 in exact arithmetic
            Gemm.Multiply(false, false, 1, cols, rows, u, rows, scaled, cols, w, cols, accumulate: false);   // w = Aᵀ u = AᵀA v
            double theta = sigma * sigma, residual = 0;
            for (int i = 0; i < cols; i++) residual += (w[i] - theta * v[i]) * (w[i] - theta * v[i]);
            if (Math.Sqrt(residual) <= 2 * tolerance * theta) return new(sigma * peak, k, true);
            w.CopyTo(v, 0);
            Normalize(v);
        }
        return new(sigma * peak, maxIterations, false);
    }

    /// <inheritdoc cref="Estimate(ReadOnlySpan{double}, int, int, double, int, ulong)"/>
    public static SpectralNormEstimate Estimate<T>(ReadOnlySpan<T> a, int rows, int cols, double tolerance = DefaultTolerance, int maxIterations = 1000, ulong seed = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Estimate(ToDouble(a), rows, cols, tolerance, maxIterations, seed);

    static double[] ToDouble<T>(ReadOnlySpan<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = new double[a.Length];
        for (int i = 0; i < a.Length; i++) d[i] = double.CreateChecked(a[i]);
        return d;
    }

    static double Length(ReadOnlySpan<double> v) => Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(v));

    static void Normalize(Span<double> v)
    {
        double n = Length(v);
        if (n > 0) System.Numerics.Tensors.TensorPrimitives.Divide(v, n, v);
    }
}
