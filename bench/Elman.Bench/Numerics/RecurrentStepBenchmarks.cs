using BenchmarkDotNet.Attributes;
using Elman.Numerics;

namespace Elman.Bench.Numerics;

/// <summary>
/// The hot GEMM of an Elman RNN: one time step, h_{t−1}[B, H] · W_hhᵀ (NT, forward) and
/// dz_t[B, H] · W_hh (NN, backward), with W_hh packed per call or once ahead of time; B = 1 is
/// single-sequence inference, served by the narrow kernel.
/// </summary>
[Config(typeof(GemmBenchmarkConfig))]
public class RecurrentStepBenchmarks
{
    float[] _h = [], _w = [], _z = [];
    PackedMatrix<float> _wT = null!, _wN = null!;
    WorkerPool? _pool;

    [Params(1, 64)]
    public int Batch { get; set; }

    [Params(256)]
    public int Hidden { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _h = GemmOperands.Random(Batch * Hidden, seed: 1);
        _w = GemmOperands.Random(Hidden * Hidden, seed: 2);
        _z = new float[Batch * Hidden];
        _wT = new PackedMatrix<float>(Hidden, Hidden);
        _wT.Pack(transpose: true, _w, Hidden);
        _wN = new PackedMatrix<float>(Hidden, Hidden);
        _wN.Pack(transpose: false, _w, Hidden);
        _pool = Threads > 1 ? new WorkerPool(Threads) : null;
    }

    [GlobalCleanup]
    public void Cleanup() => _pool?.Dispose();

    [Benchmark]
    public void ForwardNT() =>
        Gemm.Multiply(false, true, Batch, Hidden, Hidden, _h, Hidden, _w, Hidden, _z, Hidden, accumulate: true, _pool);

    [Benchmark]
    public void ForwardNTPacked() => Gemm.MultiplyPacked(false, Batch, _h, Hidden, _wT, _z, Hidden, accumulate: true, _pool);

    [Benchmark]
    public void BackwardNN() =>
        Gemm.Multiply(false, false, Batch, Hidden, Hidden, _h, Hidden, _w, Hidden, _z, Hidden, accumulate: true, _pool);

    [Benchmark]
    public void BackwardNNPacked() => Gemm.MultiplyPacked(false, Batch, _h, Hidden, _wN, _z, Hidden, accumulate: true, _pool);
}
