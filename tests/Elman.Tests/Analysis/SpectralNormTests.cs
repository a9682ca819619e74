using Elman.Analysis;
using Elman.Numerics;
using Elman.Tests.Support;

namespace Elman.Tests.Analysis;

/// <summary>
/// ‖A‖₂ on matrices whose norm is known in closed form (orthogonal: 1, diagonal: max |d|, rank one uvᵀ:
/// ‖u‖‖v‖), and on random matrices against identities every singular value decomposition satisfies
/// (Σσ² = ‖A‖_F², ∏σ = |det A|). Exact: ≤ 1e-12 relative; power iteration: ≤ its tolerance 1e-6.
/// </summary>
public class SpectralNormTests
{
    const double ExactTolerance = 1e-12;
    const double EstimateTolerance = SpectralNorm.DefaultTolerance;

    public static IEnumerable<object[]> Shapes() => new (int Rows, int Cols)[]
    {
        (1, 1), (1, 7), (7, 1), (2, 2), (3, 5), (5, 3), (8, 8), (13, 9), (16, 16), (31, 31), (40, 24),
    }.Select(s => new object[] { s.Rows, s.Cols });

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(64)]
    public void Orthogonal_matrices_have_norm_one(int n)
    {
        var q = RandomOrthogonal(n, new SeededRandom((ulong)n));
        AssertNorm(q, n, n, 1, $"orthogonal {n}×{n}");
        AssertNorm(Scale(q, 1e-300), n, n, 1e-300, $"orthogonal {n}×{n} × 1e-300 (no underflow)");
        AssertNorm(Scale(q, 1e300), n, n, 1e300, $"orthogonal {n}×{n} × 1e300 (no overflow)");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 2)]
    [InlineData(9, 3)]
    [InlineData(30, 4)]
    public void Diagonal_matrices_have_the_largest_magnitude_on_the_diagonal(int n, ulong seed)
    {
        var rng = new SeededRandom(seed);
        var d = Enumerable.Range(0, n).Select(_ => rng.NextNormal()).ToArray();
        var a = new double[n * n];
        for (int i = 0; i < n; i++) a[i * n + i] = d[i];
        double expected = d.Max(Math.Abs);
        AssertNorm(a, n, n, expected, $"diag({string.Join(", ", d.Select(x => x.ToString("F3")))})");
        Assert.Equal(expected, SpectralNorm.Diagonal<double>(d));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Rank_one_matrices_have_norm_length_u_times_length_v(int rows, int cols)
    {
        var rng = new SeededRandom((ulong)(rows * 100 + cols));
        var u = Enumerable.Range(0, rows).Select(_ => rng.NextNormal()).ToArray();
        var v = Enumerable.Range(0, cols).Select(_ => rng.NextNormal()).ToArray();
        var a = new double[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) a[r * cols + c] = u[r] * v[c];
        AssertNorm(a, rows, cols, Length(u) * Length(v), $"uvᵀ, {rows}×{cols}");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Random_matrices_satisfy_the_singular_value_identities_and_the_estimate_matches(int rows, int cols)
    {
        for (ulong seed = 0; seed < 20; seed++)
        {
            var rng = new SeededRandom(seed * 7919 + (ulong)(rows * 64 + cols));
            var a = Enumerable.Range(0, rows * cols).Select(_ => rng.NextNormal()).ToArray();
            string name = $"random {rows}×{cols}, seed {seed}";
            var sigma = SingularValues.Compute(a, rows, cols);
            Assert.Equal(Math.Min(rows, cols), sigma.Length);
            Assert.True(sigma.Zip(sigma.Skip(1)).All(p => p.First >= p.Second), $"{name}: singular values not descending");

            double frobenius = a.Sum(x => x * x), sumSquares = sigma.Sum(s => s * s);
            Assert.True(Math.Abs(sumSquares - frobenius) <= ExactTolerance * frobenius, $"{name}: Σσ² = {sumSquares:R}, ‖A‖_F² = {frobenius:R}");
            if (rows == cols)
            {
                double det = Math.Abs(ReferenceDeterminant.Of(a, rows)), product = sigma.Aggregate(1.0, (p, s) => p * s);
                Assert.True(Math.Abs(product - det) <= 1e-10 * Math.Max(det, 1e-300) + 1e-300, $"{name}: ∏σ = {product:R}, |det A| = {det:R}");
            }
            for (int trial = 0; trial < 5; trial++)
            {
                var v = Enumerable.Range(0, cols).Select(_ => rng.NextNormal()).ToArray();
                double stretch = Length(MatVec(a, rows, cols, v)) / Length(v);
                Assert.True(stretch <= sigma[0] * (1 + ExactTolerance), $"{name}: ‖Av‖/‖v‖ = {stretch:R} exceeds σ_1 = {sigma[0]:R}");
            }
            AssertNorm(a, rows, cols, sigma[0], name);
        }
    }

    [Fact]
    public void Clustered_top_singular_values_never_claim_convergence_falsely()
    {
        foreach (double second in new[] { 0.9, 0.99, 0.999, 0.9999 })
        {
            var a = new double[] { 1, 0, 0, 0, second, 0, 0, 0, 0.5 };
            var e = SpectralNorm.Estimate(a, 3, 3);
            Assert.True(e.Value <= 1 + 1e-15, $"σ_2 = {second}: estimate {e.Value:R} above ‖A‖₂ = 1");
            if (e.Converged) Assert.True(1 - e.Value <= EstimateTolerance, $"σ_2 = {second}: claims convergence at {e.Value:R} after {e.Iterations} iterations");
        }
    }

    [Fact]
    public void Degenerate_inputs()
    {
        Assert.Equal(0, SpectralNorm.Exact(new double[12], 3, 4));
        Assert.Equal(0, SpectralNorm.Estimate(new double[12], 3, 4).Value);
        Assert.Equal(0, SpectralNorm.Exact(ReadOnlySpan<double>.Empty, 0, 5));
        Assert.True(double.IsNaN(SpectralNorm.Exact(new[] { 1.0, double.NaN, 0, 1 }, 2, 2)));
        Assert.True(double.IsNaN(SpectralNorm.Estimate(new[] { 1.0, double.PositiveInfinity, 0, 1 }, 2, 2).Value));
        Assert.Throws<ArgumentException>(() => SpectralNorm.Exact(new double[5], 2, 3));
    }

    static void AssertNorm(double[] a, int rows, int cols, double expected, string name)
    {
        double exact = SpectralNorm.Exact(a, rows, cols);
        Assert.True(Math.Abs(exact - expected) <= ExactTolerance * expected, $"{name}: exact ‖A‖₂ = {exact:R}, expected {expected:R}");
        var estimate = SpectralNorm.Estimate(a, rows, cols, EstimateTolerance);
        Assert.True(estimate.Converged, $"{name}: power iteration did not converge in {estimate.Iterations} iterations");
        Assert.True(Math.Abs(estimate.Value - expected) <= EstimateTolerance * expected, $"{name}: estimate {estimate.Value:R} after {estimate.Iterations} iterations, expected {expected:R}");
        Assert.True(estimate.Value <= expected * (1 + ExactTolerance), $"{name}: estimate {estimate.Value:R} is above ‖A‖₂ = {expected:R}");
    }

    // Product of n Householder reflections I - 2wwᵀ/wᵀw: orthogonal by construction.
    static double[] RandomOrthogonal(int n, SeededRandom rng)
    {
        var q = new double[n * n];
        for (int i = 0; i < n; i++) q[i * n + i] = 1;
        for (int r = 0; r < n; r++)
        {
            var w = Enumerable.Range(0, n).Select(_ => rng.NextNormal()).ToArray();
            double ww = w.Sum(x => x * x);
            for (int i = 0; i < n; i++)
            {
                double dot = 0;
                for (int k = 0; k < n; k++) dot += q[i * n + k] * w[k];
                for (int k = 0; k < n; k++) q[i * n + k] -= 2 * dot * w[k] / ww;
            }
        }
        return q;
    }

    static double[] Scale(double[] a, double s) => a.Select(x => x * s).ToArray();

    static double Length(double[] v) => Math.Sqrt(v.Sum(x => x * x));

    static double[] MatVec(double[] a, int rows, int cols, double[] v)
    {
        var r = new double[rows];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) r[i] += a[i * cols + j] * v[j];
        return r;
    }
}
