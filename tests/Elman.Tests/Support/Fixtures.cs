namespace Elman.Tests.Support;

/// <summary>Reference files produced by PyTorch autograd (../shared/anchors/torchsharp, see Fixtures/torch/README.md).</summary>
public static class Fixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch");

    public static IEnumerable<object[]> TorchCases()
        => Directory.GetDirectories(Root).Select(Path.GetFileName).Order().Select(n => new object[] { n! });

    public static string File(string fixture, string name) => Path.Combine(Root, fixture, name);
}
