using Elman.Data;
using Elman.Model;
using Elman.Numerics;
using Elman.Training;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman bench</c> (training): the full step that libtorch's anchor times — tanh RNN + Linear +
/// cross-entropy forward, exact BPTT, SGD update — as median ms/step, GFLOP/s counted as
/// 3 · 2·B·T·(D·H + H·H), and the share of Elman's own SGEMM rate at n = 1024 on the same threads.
/// </summary>
static class BenchTrain
{
    public static void Run(PredictShape s, IReadOnlyList<int> threadCounts, double warmupSeconds, int steps, TextWriter output)
    {
        var (model, unlabelled) = BenchPredictWorkload.Create(s);
        var rng = SeededRandom.Derive(0, 2);
        var labels = Enumerable.Range(0, s.Batch).Select(_ => rng.NextInt(s.Classes)).ToArray();
        var batch = SequenceBatch<float>.Dense(unlabelled.X, s.Batch, s.Length, s.Input, unlabelled.Lengths, labels);
        var sgd = new Sgd<float>(model.Layout.TotalLength, 0.01);
        double flops = 6.0 * s.Batch * s.Length * ((double)s.Input * s.Hidden + (double)s.Hidden * s.Hidden);
        output.WriteLine($"elman bench: training step (forward, BPTT, SGD) on {s}");
        foreach (int threads in threadCounts)
        {
            using var pool = new WorkerPool(threads);
            model.Pool = pool;
            var timing = BenchPredictWorkload.Time("Elman", threads, s.Batch, () =>
            {
                model.ComputeGradients(batch);
                sgd.Step(model.Weights.Values, model.Gradients.Values);
            }, warmupSeconds, steps);
            model.Pool = null;
            double gflops = flops / (timing.MedianMs / 1000) / 1e9;
            double peak = BenchGemm.Measure(1024, threads);
            output.WriteLine($"threads={threads}: median {timing.MedianMs:F3} ms/step (min {timing.MinMs:F3}, max {timing.MaxMs:F3}), " +
                $"{gflops:F1} GFLOP/s = {100 * gflops / peak:F0} % of Elman's SGEMM peak ({peak:F1} GFLOP/s at n = 1024)");
        }
        var memory = model.ActivationMemory;
        double states = (double)s.Layers * s.Batch * s.Length * s.Hidden;
        double input = (double)s.Batch * s.Length * s.Input;
        output.WriteLine($"activation memory: {Mib(memory.Retained)} kept for BPTT = {(memory.Retained - input) / states:F2} × L·B·T·H floats " +
            $"(every h_t) + the time-major input (B·T·D); backward scratch {Mib(memory.Scratch)} = {memory.Scratch / states:F2} × L·B·T·H (dz)");
    }

    static string Mib(long floats) => $"{floats * 4 / 1048576.0:F1} MiB";
}
