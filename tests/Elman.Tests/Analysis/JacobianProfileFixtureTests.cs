using System.Text.Json;
using Elman.Analysis;
using Elman.IO;
using Elman.Model;
using Elman.Tests.Support;

namespace Elman.Tests.Analysis;

/// <summary>
/// ‖∂h_t/∂h_i‖₂ and both bounds for example 0 against libtorch (Fixtures/torch/*/ref_jacobian.json,
/// products and matrix_norm(ord=2) in double on float32 weights and float32 hidden states): ≤ 1e-5
/// relative, the float32 rounding of the reference's hidden states.
/// </summary>
public class JacobianProfileFixtureTests
{
    const double Tolerance = 1e-5;

    public static IEnumerable<object[]> Cases()
        => Fixtures.TorchCases().Where(c => File.Exists(Fixtures.File((string)c[0], "ref_jacobian.json")));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Profile_matches_libtorch(string fixture)
    {
        var model = Checkpoint.Load<double>(Fixtures.File(fixture, "model.safetensors")).Model;
        var batch = BatchFile.Read<double>(Fixtures.File(fixture, "inputs.safetensors"), model.Config);
        var profile = JacobianProfile.Compute(SequenceTrace<double>.Record(model, batch)[0], 0);
        Compare(fixture, profile, File.ReadAllText(Fixtures.File(fixture, "ref_jacobian.json")));
    }

    /// <summary>Compares a profile with a reference in the <c>elman jacobian --json</c> format.</summary>
    internal static void Compare(string fixture, JacobianProfile profile, string referenceJson)
    {
        var expected = Parse(referenceJson);
        Assert.Equal(expected.Example, profile.Example);
        AssertClose(fixture, "spectral_norm_whh", expected.SpectralNormWhh, profile.SpectralNormWhh, 1e-12);
        Assert.Equal(expected.Lags.Count, profile.Lags.Count);
        for (int n = 0; n < expected.Lags.Count; n++)
        {
            LagNorm e = expected.Lags[n], got = profile.Lags[n];
            Assert.Equal((e.I, e.Lag), (got.I, got.Lag));
            AssertClose(fixture, $"i = {got.I} jacobian_norm", e.JacobianNorm, got.JacobianNorm, Tolerance);
            AssertClose(fixture, $"i = {got.I} tight_bound", e.TightBound, got.TightBound, Tolerance);
            AssertClose(fixture, $"i = {got.I} loose_bound", e.LooseBound, got.LooseBound, 1e-12);
        }
    }

    /// <summary>Reads the <c>elman jacobian --json</c> format (layer and end are not part of it: 0 and the first i).</summary>
    internal static JacobianProfile Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var lags = root.GetProperty("lags").EnumerateArray().Select(l => new LagNorm(
            l.GetProperty("i").GetInt32(), l.GetProperty("lag").GetInt32(), l.GetProperty("jacobian_norm").GetDouble(),
            l.GetProperty("tight_bound").GetDouble(), l.GetProperty("loose_bound").GetDouble())).ToList();
        return new JacobianProfile(root.GetProperty("example").GetInt32(), 0, lags.Count == 0 ? 0 : lags[0].I, root.GetProperty("spectral_norm_whh").GetDouble(), lags);
    }

    static void AssertClose(string fixture, string what, double expected, double actual, double tolerance)
        => Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{fixture}: {what} = {actual:R}, libtorch {expected:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):E2} > {tolerance:E0})");
}
