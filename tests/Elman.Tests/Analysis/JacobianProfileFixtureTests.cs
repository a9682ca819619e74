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

    /// <summary>Compares a profile (or the JSON <c>elman jacobian</c> printed) with a reference file.</summary>
    internal static void Compare(string fixture, JacobianProfile profile, string referenceJson)
    {
        using var reference = JsonDocument.Parse(referenceJson);
        var root = reference.RootElement;
        Assert.Equal(root.GetProperty("example").GetInt32(), profile.Example);
        AssertClose(fixture, "spectral_norm_whh", root.GetProperty("spectral_norm_whh").GetDouble(), profile.SpectralNormWhh, 1e-12);
        var lags = root.GetProperty("lags").EnumerateArray().ToList();
        Assert.Equal(lags.Count, profile.Lags.Count);
        for (int n = 0; n < lags.Count; n++)
        {
            var expected = lags[n];
            var got = profile.Lags[n];
            Assert.Equal(expected.GetProperty("i").GetInt32(), got.I);
            Assert.Equal(expected.GetProperty("lag").GetInt32(), got.Lag);
            AssertClose(fixture, $"i = {got.I} jacobian_norm", expected.GetProperty("jacobian_norm").GetDouble(), got.JacobianNorm, Tolerance);
            AssertClose(fixture, $"i = {got.I} tight_bound", expected.GetProperty("tight_bound").GetDouble(), got.TightBound, Tolerance);
            AssertClose(fixture, $"i = {got.I} loose_bound", expected.GetProperty("loose_bound").GetDouble(), got.LooseBound, 1e-12);
        }
    }

    static void AssertClose(string fixture, string what, double expected, double actual, double tolerance)
        => Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{fixture}: {what} = {actual:R}, libtorch {expected:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):E2} > {tolerance:E0})");
}
