using System.Text.Json;
using Elman.Analysis;
using Elman.IO;
using Elman.Model;
using Elman.Tests.Support;

namespace Elman.Tests.Analysis;

/// <summary>
/// The analysis of bidirectional stacks against PyTorch autograd (Fixtures/torch/bi_*/ref_analysis.json,
/// made by make_bidirectional_fixtures.py in float64 on the float32 weights): for example 0, the loss,
/// ‖∂ℓ/∂x_i‖₂, and per layer and direction ‖W_hh‖₂, ‖∂h_t/∂h_i‖₂ at every lag (t = T forward, 1 reverse),
/// ‖∂ℓ/∂h_i‖₂ and Σ_i C_i = ∂ℓ/∂W_hh. Both sides compute in double on the same float32 values, so the
/// tolerance is 1e-9 relative.
/// </summary>
public class BidirectionalFixtureTests
{
    const double Tolerance = 1e-9;

    public static IEnumerable<object[]> Cases()
        => Fixtures.TorchCases().Where(c => File.Exists(Fixtures.File((string)c[0], "ref_analysis.json")));

    [Fact]
    public void There_are_bidirectional_fixtures() => Assert.True(Cases().Count() >= 3);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_layer_and_direction_matches_pytorch_autograd(string fixture)
    {
        var model = Checkpoint.Load<double>(Fixtures.File(fixture, "model.safetensors")).Model;
        var batch = BatchFile.Read<double>(Fixtures.File(fixture, "inputs.safetensors"), model.Config);
        var trace = SequenceTrace<double>.Record(model, AnalysisCases.Single(batch, 0))[0];
        using var document = JsonDocument.Parse(File.ReadAllText(Fixtures.File(fixture, "ref_analysis.json")));
        var root = document.RootElement;
        Close(fixture, "loss", root.GetProperty("loss").GetDouble(), trace.Loss);
        var dx = InputGradients<double>.Compute(trace);
        var inputNorms = Doubles(root.GetProperty("input_gradient_norm"));
        Assert.Equal(trace.Length, inputNorms.Length);
        for (int i = 1; i <= trace.Length; i++) Close(fixture, $"‖∂ℓ/∂x_{i}‖₂", inputNorms[i - 1], dx.Norm(i));

        int profiles = 0;
        foreach (var p in root.GetProperty("profiles").EnumerateArray())
        {
            int k = p.GetProperty("layer").GetInt32();
            var d = Directions.Parse(p.GetProperty("direction").GetString()!)!.Value;
            string what = $"layer {k} {d.Name()}";
            var profile = JacobianProfile.Compute(trace, k, direction: d);
            Close(fixture, $"{what} ‖W_hh‖₂", p.GetProperty("spectral_norm_whh").GetDouble(), profile.SpectralNormWhh);
            var lags = p.GetProperty("lags").EnumerateArray().ToList();
            Assert.Equal(lags.Count, profile.Lags.Count);
            for (int n = 0; n < lags.Count; n++)
            {
                Assert.Equal((lags[n].GetProperty("i").GetInt32(), lags[n].GetProperty("lag").GetInt32()), (profile.Lags[n].I, profile.Lags[n].Lag));
                Close(fixture, $"{what} ‖∂h_{profile.End}/∂h_{profile.Lags[n].I}‖₂", lags[n].GetProperty("jacobian_norm").GetDouble(), profile.Lags[n].JacobianNorm);
            }
            var g = HiddenGradients<double>.Compute(trace, k, d);
            var gNorms = Doubles(p.GetProperty("loss_gradient_norm"));
            for (int i = 1; i <= trace.Length; i++) Close(fixture, $"{what} ‖∂ℓ/∂h_{i}‖₂", gNorms[i - 1], g.Norm(i));
            double err = AnalysisCases.RelativeError(BpttDecomposition<double>.Compute(trace, k, d).Sum(), Doubles(p.GetProperty("weight_hh_grad")));
            Assert.True(err <= Tolerance, $"{fixture}: {what} Σ_i C_i vs autograd ∂ℓ/∂W_hh relative error {err:E2}");
            profiles++;
        }
        Assert.Equal(2 * model.Config.NumLayers, profiles);
    }

    static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    static void Close(string fixture, string what, double expected, double actual)
        => Assert.True(Math.Abs(actual - expected) <= Tolerance * Math.Max(Math.Abs(expected), 1e-12),
            $"{fixture}: {what} = {actual:R}, PyTorch {expected:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):E2})");
}
