using BenchmarkDotNet.Attributes;
using Elman.Numerics;

namespace Elman.Bench.Numerics;

/// <summary>Square SGEMM at n = 1024 on 1 and 2 threads, the size the libtorch comparison uses.</summary>
[Config(typeof(GemmBenchmarkConfig))]
public class SquareGemmBenchmarks
{
    float[] _a = [], _b = [], _c = [];
    WorkerPool? _pool;

    [Params(1024)]
    public int Size { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_a, _b, _c) = GemmOperands.Square(Size);
        _pool = Threads > 1 ? new WorkerPool(Threads) : null;
    }

    [GlobalCleanup]
    public void Cleanup() => _pool?.Dispose();

    [Benchmark]
    public void NN() => Gemm.Multiply(false, false, Size, Size, Size, _a, Size, _b, Size, _c, Size, accumulate: false, _pool);

    [Benchmark]
    public void NT() => Gemm.Multiply(false, true, Size, Size, Size, _a, Size, _b, Size, _c, Size, accumulate: false, _pool);
}
