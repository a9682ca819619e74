using BenchmarkDotNet.Attributes;
using Elman.Numerics;

namespace Elman.Bench.Numerics;

/// <summary>Reference triple loop vs the packed, register-blocked kernel on square float products, one thread.</summary>
[Config(typeof(GemmBenchmarkConfig))]
public class GemmBenchmarks
{
    float[] _a = [], _b = [], _c = [];

    [Params(32, 128, 256)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => (_a, _b, _c) = GemmOperands.Square(Size);

    [Benchmark(Baseline = true)]
    public void Reference() => GemmReference.Multiply(false, false, Size, Size, Size, _a, Size, _b, Size, _c, Size, accumulate: false);

    [Benchmark]
    public void Fast() => Gemm.Multiply(false, false, Size, Size, Size, _a, Size, _b, Size, _c, Size, accumulate: false);
}
