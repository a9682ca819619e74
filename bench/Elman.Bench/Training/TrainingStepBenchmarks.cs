using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Elman.Cli.Commands;
using Elman.Data;
using Elman.Model;
using Elman.Numerics;
using Elman.Training;

namespace Elman.Bench.Training;

/// <summary>
/// The full training step that libtorch's anchor times (tanh RNN + Linear + cross-entropy forward, exact
/// BPTT, SGD update) on the four shapes of the performance issue, with the allocation column: a step after
/// warm-up must allocate 0 B.
/// </summary>
[Config(typeof(TrainingStepConfig))]
public class TrainingStepBenchmarks
{
    RnnClassifier<float> _model = null!;
    SequenceBatch<float> _batch;
    Sgd<float> _sgd = null!;
    WorkerPool _pool = null!;

    /// <summary>(B, T, D, H, threads), as the table lists them.</summary>
    public static IEnumerable<StepShape> Shapes() =>
    [
        new(64, 100, 64, 256, 1),
        new(64, 100, 64, 256, 2),
        new(32, 50, 32, 128, 2),
        new(16, 200, 16, 64, 1),
    ];

    [ParamsSource(nameof(Shapes))]
    public StepShape Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (b, t, d, h, threads) = Shape;
        var (model, unlabelled) = BenchPredictWorkload.Create(new PredictShape(b, t, h, 1, d, 2));
        var rng = SeededRandom.Derive(0, 2);
        var labels = Enumerable.Range(0, b).Select(_ => rng.NextInt(2)).ToArray();
        _batch = SequenceBatch<float>.Dense(unlabelled.X, b, t, d, unlabelled.Lengths, labels);
        _model = model;
        _pool = new WorkerPool(threads);
        _model.Pool = _pool;
        _sgd = new Sgd<float>(model.Layout.TotalLength, 0.01);
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark]
    public void Step()
    {
        _model.ComputeGradients(_batch);
        _sgd.Step(_model.Weights.Values, _model.Gradients.Values);
    }
}

/// <summary>One benchmarked shape; its text is the column BenchmarkDotNet prints.</summary>
public sealed record StepShape(int Batch, int Length, int Input, int Hidden, int Threads)
{
    public override string ToString() => $"{Batch}/{Length}/{Input}/{Hidden} t{Threads}";
}

/// <summary>Allocation column, and fewer iterations than the default: a 64×100×256 step takes ~15 ms.</summary>
public sealed class TrainingStepConfig : ManualConfig
{
    public TrainingStepConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddJob(Job.Default.WithWarmupCount(5).WithIterationCount(15));
    }
}
