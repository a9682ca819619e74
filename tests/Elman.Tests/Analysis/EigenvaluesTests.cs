using System.Numerics;
using Elman.Analysis;
using Elman.Model;
using Elman.Numerics;
using Elman.Tests.Support;

namespace Elman.Tests.Analysis;

/// <summary>
/// Eigenvalues on matrices whose spectrum is known in closed form (triangular: the diagonal; scaled
/// rotations: r e^{±iθ}; companion matrices: the polynomial's roots; V D V⁻¹: those of D; orthogonal:
/// on the unit circle; cyclic permutations: the roots of unity), matched one to one within 1e-10
/// relative; and on random matrices against identities every spectrum satisfies (Σλ = tr A, ∏λ = det A
/// within 1e-9 relative; ρ(A) ≤ ‖A‖₂).
/// </summary>
public class EigenvaluesTests
{
    const double ExactTolerance = 1e-10;
    const double IdentityTolerance = 1e-9;

    [Theory]
    [InlineData(1, 1ul)]
    [InlineData(2, 2ul)]
    [InlineData(6, 3ul)]
    [InlineData(25, 4ul)]
    public void Triangular_matrices_have_their_diagonal_as_eigenvalues(int n, ulong seed)
    {
        var rng = new SeededRandom(seed);
        var d = Enumerable.Range(0, n).Select(_ => rng.NextNormal()).ToArray();
        var diagonal = new double[n * n];
        var upper = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            diagonal[i * n + i] = upper[i * n + i] = d[i];
            for (int j = i + 1; j < n; j++) upper[i * n + j] = 3 * rng.NextNormal();
        }
        var expected = d.Select(x => new Complex(x, 0)).ToArray();
        AssertSpectrum(diagonal, n, expected, $"diagonal {n}×{n}, seed {seed}");
        AssertSpectrum(upper, n, expected, $"upper triangular {n}×{n}, seed {seed}");
    }

    [Theory]
    [InlineData(1.0, 0.3)]
    [InlineData(0.5, 2.0)]
    [InlineData(1.1, Math.PI / 2)]
    [InlineData(3.0, 1e-3)]
    [InlineData(2.0, 0.0)]
    [InlineData(0.7, Math.PI)]
    [InlineData(1e-200, 1.0)]
    [InlineData(1e200, 2.5)]
    public void A_rotation_scaled_by_r_has_eigenvalues_r_times_e_to_plus_minus_i_theta(double r, double theta)
    {
        var a = new[] { r * Math.Cos(theta), -r * Math.Sin(theta), r * Math.Sin(theta), r * Math.Cos(theta) };
        AssertSpectrum(a, 2, [Complex.FromPolarCoordinates(r, theta), Complex.FromPolarCoordinates(r, -theta)], $"{r}·R({theta})");
        Assert.True(Math.Abs(Eigenvalues.SpectralRadius(a, 2) - r) <= ExactTolerance * r);
    }

    public static IEnumerable<object[]> BlockCases() => new[]
    {
        new Block[] { new(1.2, 0.4), new(-0.5), new(0.9, 2.0), new(2.0) },
        new Block[] { new(3.0), new(-3.0), new(1.0, Math.PI / 3), new(0.25, 1.0), new(0.1) },
        new Block[] { new(1.0, 0.1), new(1.0, 0.2), new(1.0, 0.3), new(1.0, 0.4) },
    }.Select(b => new object[] { b });

    [Theory]
    [MemberData(nameof(BlockCases))]
    public void Block_diagonal_rotations_and_reals_keep_their_eigenvalues_under_orthogonal_similarity(Block[] blocks)
    {
        var (d, n, expected) = BlockDiagonal(blocks);
        string name = string.Join(" ⊕ ", blocks);
        AssertSpectrum(d, n, expected, name);
        var q = RecurrentInitializer.Orthogonal(n, new SeededRandom((ulong)n));
        AssertSpectrum(Multiply(Multiply(q, d, n), Transpose(q, n), n), n, expected, $"Q ({name}) Qᵀ");
    }

    [Theory]
    [InlineData(1ul)]
    [InlineData(2ul)]
    [InlineData(3ul)]
    public void V_D_V_inverse_has_the_eigenvalues_of_D(ulong seed)
    {
        var blocks = new Block[] { new(1.5, 0.7), new(-1.0), new(0.6), new(0.8, 2.5), new(2.2), new(1.1, 1.4), new(-0.3) };
        var (d, n, expected) = BlockDiagonal(blocks);
        // V = Q_1 diag(s) Q_2 with s in [1, 2]: condition number at most 2.
        var rng = new SeededRandom(seed);
        var s = new double[n * n];
        for (int i = 0; i < n; i++) s[i * n + i] = 1 + rng.NextDouble();
        var v = Multiply(Multiply(RecurrentInitializer.Orthogonal(n, rng), s, n), RecurrentInitializer.Orthogonal(n, rng), n);
        var a = Multiply(Multiply(v, d, n), Inverse(v, n), n);
        AssertSpectrum(a, n, expected, $"V D V⁻¹, seed {seed}");
    }

    [Fact]
    public void A_companion_matrix_has_the_roots_of_its_polynomial()
    {
        Complex[] roots = [2, -1, 0.5, new(1, 2), new(1, -2), new(-0.5, 0.5), new(-0.5, -0.5), -3];
        int n = roots.Length;
        // p(x) = ∏(x - r_i) = x^n + c[n-1] x^{n-1} + … + c[0]; real because the complex roots come in pairs.
        var c = new Complex[n + 1];
        c[0] = 1;
        foreach (var r in roots)
            for (int k = n; k >= 0; k--) c[k] = (k > 0 ? c[k - 1] : 0) - r * c[k];
        // Now c[k] holds the coefficient of x^k. Row 0 of the companion matrix is -c[n-1], …, -c[0].
        var a = new double[n * n];
        for (int j = 0; j < n; j++) a[j] = -c[n - 1 - j].Real;
        for (int i = 1; i < n; i++) a[i * n + i - 1] = 1;
        AssertSpectrum(a, n, roots, "companion of ∏(x - r_i)");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(64)]
    public void Orthogonal_matrices_have_every_eigenvalue_on_the_unit_circle(int n)
    {
        var q = RecurrentInitializer.Orthogonal(n, new SeededRandom((ulong)n + 100));
        var lambda = Eigenvalues.Compute(q, n);
        Assert.Equal(n, lambda.Length);
        Assert.All(lambda, l => Assert.True(Math.Abs(l.Magnitude - 1) <= ExactTolerance, $"orthogonal {n}×{n}: |λ| = {l.Magnitude:R}"));
        AssertSumIsTrace(q, n, lambda, $"orthogonal {n}×{n}");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    public void Cyclic_permutations_have_the_roots_of_unity_where_the_standard_shifts_stall(int n)
    {
        var p = new double[n * n];   // e_i → e_{i+1 mod n}
        for (int i = 0; i < n; i++) p[((i + 1) % n) * n + i] = 1;
        var expected = Enumerable.Range(0, n).Select(k => Complex.FromPolarCoordinates(1, 2 * Math.PI * k / n)).ToArray();
        AssertSpectrum(p, n, expected, $"cyclic permutation {n}×{n}");
    }

    [Fact]
    public void Identity_one_by_one_and_empty()
    {
        var identity = new double[25];
        for (int i = 0; i < 5; i++) identity[i * 5 + i] = 1;
        Assert.Equal(Enumerable.Repeat(Complex.One, 5), Eigenvalues.Compute(identity, 5));
        Assert.Equal(1, Eigenvalues.SpectralRadius(identity, 5));
        Assert.Equal([new Complex(-3.5, 0)], Eigenvalues.Compute([-3.5], 1));
        Assert.Equal(3.5, Eigenvalues.SpectralRadius([-3.5], 1));
        Assert.Empty(Eigenvalues.Compute(ReadOnlySpan<double>.Empty, 0));
        Assert.Equal(0, Eigenvalues.SpectralRadius(ReadOnlySpan<double>.Empty, 0));
        Assert.Equal(new Complex[3], Eigenvalues.Compute(new double[9], 3));
    }

    [Fact]
    public void Degenerate_inputs()
    {
        Assert.Throws<ArgumentException>(() => Eigenvalues.Compute(new double[5], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Eigenvalues.Compute(ReadOnlySpan<double>.Empty, -1));
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var lambda = Eigenvalues.Compute([1, bad, 0, 1], 2);
            Assert.All(lambda, l => Assert.True(double.IsNaN(l.Real) && double.IsNaN(l.Imaginary)));
            Assert.True(double.IsNaN(Eigenvalues.SpectralRadius([1, bad, 0, 1], 2)));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(64)]
    public void Random_matrices_satisfy_trace_determinant_and_norm_identities(int n)
    {
        for (ulong seed = 0; seed < 5; seed++)
        {
            var rng = new SeededRandom(seed * 7919 + (ulong)n);
            var a = Enumerable.Range(0, n * n).Select(_ => rng.NextNormal()).ToArray();
            string name = $"random {n}×{n}, seed {seed}";
            var lambda = Eigenvalues.Compute(a, n);
            Assert.Equal(n, lambda.Length);
            Assert.True(lambda.Zip(lambda.Skip(1)).All(p => p.First.Magnitude >= p.Second.Magnitude), $"{name}: not sorted by descending modulus");
            foreach (var l in lambda.Where(l => l.Imaginary != 0))
                Assert.Contains(Complex.Conjugate(l), lambda);
            AssertSumIsTrace(a, n, lambda, name);

            double det = ReferenceDeterminant.Of(a, n);
            var product = lambda.Aggregate(Complex.One, (p, l) => p * l);
            Assert.True(Complex.Abs(product - det) <= IdentityTolerance * Math.Abs(det), $"{name}: ∏λ = {product}, det A = {det:R}");

            double radius = Eigenvalues.SpectralRadius(a, n), norm = SpectralNorm.Exact(a, n, n);
            Assert.Equal(lambda[0].Magnitude, radius);
            Assert.True(radius <= norm * (1 + 1e-12), $"{name}: ρ = {radius:R} above ‖A‖₂ = {norm:R}");
        }
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e300)]
    public void Extreme_scales_neither_underflow_nor_overflow(double scale)
    {
        const int n = 9;
        var rng = new SeededRandom(17);
        var a = Enumerable.Range(0, n * n).Select(_ => rng.NextNormal()).ToArray();
        var expected = Eigenvalues.Compute(a, n).Select(l => l * scale).ToArray();
        AssertSpectrum(a.Select(x => x * scale).ToArray(), n, expected, $"random {n}×{n} × {scale}");
    }

    [Fact]
    public void The_generic_overload_measures_the_matrix_converted_to_double()
    {
        var rng = new SeededRandom(5);
        var f = Enumerable.Range(0, 36).Select(_ => (float)rng.NextNormal()).ToArray();
        Assert.Equal(Eigenvalues.SpectralRadius(f.Select(x => (double)x).ToArray(), 6), Eigenvalues.SpectralRadius<float>(f, 6));
    }

    /// <summary>A diagonal block: a real eigenvalue r, or r·R(θ) = r [[cos θ, -sin θ], [sin θ, cos θ]] with eigenvalues r e^{±iθ}.</summary>
    public sealed record Block(double R, double? Theta = null)
    {
        public override string ToString() => Theta is { } t ? $"{R}·R({t:0.###})" : $"({R})";
    }

    static (double[] A, int N, Complex[] Eigenvalues) BlockDiagonal(Block[] blocks)
    {
        int n = blocks.Sum(b => b.Theta is null ? 1 : 2);
        var a = new double[n * n];
        var lambda = new List<Complex>();
        int at = 0;
        foreach (var b in blocks)
        {
            if (b.Theta is { } t)
            {
                a[at * n + at] = a[(at + 1) * n + at + 1] = b.R * Math.Cos(t);
                a[at * n + at + 1] = -b.R * Math.Sin(t);
                a[(at + 1) * n + at] = b.R * Math.Sin(t);
                lambda.Add(Complex.FromPolarCoordinates(b.R, t));
                lambda.Add(Complex.FromPolarCoordinates(b.R, -t));
                at += 2;
            }
            else
            {
                a[at * n + at] = b.R;
                lambda.Add(b.R);
                at++;
            }
        }
        return (a, n, lambda.ToArray());
    }

    // Matches each expected eigenvalue to the nearest computed one not yet taken: a fair pairing when the
    // expected eigenvalues are further apart than the tolerance.
    static void AssertSpectrum(double[] a, int n, Complex[] expected, string name)
    {
        var lambda = Eigenvalues.Compute(a, n);
        Assert.Equal(n, lambda.Length);
        Assert.True(lambda.Zip(lambda.Skip(1)).All(p => p.First.Magnitude >= p.Second.Magnitude), $"{name}: not sorted by descending modulus");
        var taken = new bool[n];
        foreach (var mu in expected)
        {
            int best = -1;
            for (int i = 0; i < n; i++)
                if (!taken[i] && (best < 0 || Complex.Abs(lambda[i] - mu) < Complex.Abs(lambda[best] - mu))) best = i;
            taken[best] = true;
            double error = Complex.Abs(lambda[best] - mu);
            Assert.True(error <= ExactTolerance * mu.Magnitude, $"{name}: expected {mu}, nearest {lambda[best]}, error {error:E2}; all: {string.Join(", ", lambda)}");
        }
    }

    static void AssertSumIsTrace(double[] a, int n, Complex[] lambda, string name)
    {
        double trace = 0;
        for (int i = 0; i < n; i++) trace += a[i * n + i];
        var sum = lambda.Aggregate(Complex.Zero, (s, l) => s + l);
        double scale = lambda.Sum(l => l.Magnitude);
        Assert.True(Complex.Abs(sum - trace) <= IdentityTolerance * scale, $"{name}: Σλ = {sum}, tr A = {trace:R}");
    }

    static double[] Multiply(double[] x, double[] y, int n)
    {
        var r = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++)
                for (int j = 0; j < n; j++) r[i * n + j] += x[i * n + k] * y[k * n + j];
        return r;
    }

    static double[] Transpose(double[] x, int n)
    {
        var r = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) r[j * n + i] = x[i * n + j];
        return r;
    }

    // Gauss–Jordan elimination with partial pivoting on [A | I].
    static double[] Inverse(double[] a, int n)
    {
        var m = (double[])a.Clone();
        var inv = new double[n * n];
        for (int i = 0; i < n; i++) inv[i * n + i] = 1;
        for (int c = 0; c < n; c++)
        {
            int p = c;
            for (int r = c + 1; r < n; r++) if (Math.Abs(m[r * n + c]) > Math.Abs(m[p * n + c])) p = r;
            for (int k = 0; k < n; k++)
            {
                (m[p * n + k], m[c * n + k]) = (m[c * n + k], m[p * n + k]);
                (inv[p * n + k], inv[c * n + k]) = (inv[c * n + k], inv[p * n + k]);
            }
            double pivot = m[c * n + c];
            for (int k = 0; k < n; k++)
            {
                m[c * n + k] /= pivot;
                inv[c * n + k] /= pivot;
            }
            for (int r = 0; r < n; r++)
            {
                if (r == c) continue;
                double f = m[r * n + c];
                for (int k = 0; k < n; k++)
                {
                    m[r * n + k] -= f * m[c * n + k];
                    inv[r * n + k] -= f * inv[c * n + k];
                }
            }
        }
        return inv;
    }
}
