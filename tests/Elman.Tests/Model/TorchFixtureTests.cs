using System.Numerics;
using Elman.IO;
using Elman.Model;
using Elman.Tests.Support;

namespace Elman.Tests.Model;

/// <summary>Loss and every parameter gradient against PyTorch autograd on the same weights and batch.</summary>
public class TorchFixtureTests
{
    [Theory]
    [MemberData(nameof(Fixtures.TorchCases), MemberType = typeof(Fixtures))]
    public void Double_path_matches_pytorch_autograd(string fixture) => Compare<double>(fixture, 1e-5);

    [Theory]
    [MemberData(nameof(Fixtures.TorchCases), MemberType = typeof(Fixtures))]
    public void Float_path_matches_pytorch_autograd(string fixture) => Compare<float>(fixture, 1e-5);

    static void Compare<T>(string fixture, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = Checkpoint.Load<T>(Fixtures.File(fixture, "model.safetensors")).Model;
        var batch = BatchFile.Read<T>(Fixtures.File(fixture, "inputs.safetensors"), model.Config);
        var reference = SafeTensorsFile.Read(Fixtures.File(fixture, "ref_grads.safetensors"));
        double loss = double.CreateChecked(model.ComputeGradients(batch));

        double refLoss = reference["loss"].ToDoubleArray()[0];
        Assert.True(Math.Abs(loss - refLoss) <= tolerance * Math.Abs(refLoss), $"{fixture}: loss {loss} vs PyTorch {refLoss}");
        foreach (var info in model.Layout.Tensors)
        {
            var expected = reference[info.Name].ToDoubleArray();
            var actual = new double[info.Length];
            var g = model.Gradients[info];
            for (int i = 0; i < actual.Length; i++) actual[i] = double.CreateChecked(g[i]);
            double err = Norms.RelativeError(actual, expected, floor: 1e-9);
            Assert.True(err <= tolerance, $"{fixture} ({typeof(T).Name}): {info.Name} relative error {err:E2} vs PyTorch");
        }
    }
}
