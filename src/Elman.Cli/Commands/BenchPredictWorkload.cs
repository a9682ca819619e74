using System.Diagnostics;
using System.Globalization;
using System.Text;
using Elman.Data;
using Elman.Model;
using Elman.Numerics;

namespace Elman.Cli.Commands;

/// <summary>The model shape and batch of an inference benchmark.</summary>
/// <param name="Batch">B: sequences per forward pass.</param>
/// <param name="Length">T: steps of every sequence (all full length).</param>
/// <param name="Hidden">H of every layer.</param>
/// <param name="Layers">L stacked layers.</param>
/// <param name="Input">D: dense features per step.</param>
/// <param name="Classes">C outputs.</param>
sealed record PredictShape(int Batch, int Length, int Hidden, int Layers, int Input, int Classes)
{
    public override string ToString() => $"B = {Batch}, T = {Length}, H = {Hidden}, L = {Layers}, D = {Input}, C = {Classes}, tanh, dense input";
}

/// <summary>One engine's timings: the forward pass's median and spread over the timed runs.</summary>
sealed record PredictTiming(string Engine, int Threads, double MedianMs, double MinMs, double MaxMs, int Batch)
{
    public double SequencesPerSecond => Batch / (MedianMs / 1000);
}

/// <summary>
/// What <c>elman bench --predict</c> and bench/Elman.Bench's <c>predict</c> mode time, shared as source so
/// both build the same model and batch from the same seed and print the same table: a PyTorch-initialised
/// tanh model and a random dense batch, warm-up runs, then the median of individually timed runs.
/// </summary>
static class BenchPredictWorkload
{
    public static (RnnClassifier<float> Model, SequenceBatch<float> Batch) Create(PredictShape s, ulong seed = 0)
    {
        var model = RnnClassifier<float>.Create(new RnnConfig(0, s.Input, s.Hidden, s.Layers, s.Classes), seed);
        var rng = SeededRandom.Derive(seed, 1);
        var x = new float[MemoryEstimate.DatasetValues(s.Batch, s.Length, s.Input)];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextNormal();
        var lengths = Enumerable.Repeat(s.Length, s.Batch).ToArray();
        return (model, SequenceBatch<float>.Dense(x, s.Batch, s.Length, s.Input, lengths));
    }

    /// <summary>Times Elman's forward pass on <paramref name="threads"/> threads.</summary>
    public static PredictTiming TimeElman(RnnClassifier<float> model, SequenceBatch<float> batch, int threads, double warmupSeconds, int iterations)
    {
        using var pool = new WorkerPool(threads);
        model.Pool = pool;
        try
        {
            return Time("Elman", threads, batch.BatchSize, () => model.Forward(batch), warmupSeconds, iterations);
        }
        finally
        {
            model.Pool = null;
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/> untimed for <paramref name="warmupSeconds"/> (and at least 3 times), so
    /// the JIT's tiered compilation has settled and buffers are allocated, then times
    /// <paramref name="iterations"/> runs one by one.
    /// </summary>
    public static PredictTiming Time(string engine, int threads, int batch, Action run, double warmupSeconds, int iterations)
    {
        long warm = Stopwatch.GetTimestamp();
        for (int i = 0; i < 3 || Stopwatch.GetElapsedTime(warm).TotalSeconds < warmupSeconds; i++) run();
        var ms = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(ms);
        double median = iterations % 2 == 1 ? ms[iterations / 2] : (ms[iterations / 2 - 1] + ms[iterations / 2]) / 2;
        return new PredictTiming(engine, threads, median, ms[0], ms[^1], batch);
    }

    /// <summary>
    /// A Markdown table, one row per timing; with a reference per thread count (Elman's), a last column
    /// gives how many times longer each engine took than it: above 1 means Elman was faster.
    /// </summary>
    public static string Table(IReadOnlyList<PredictTiming> timings)
    {
        var inv = CultureInfo.InvariantCulture;
        bool compare = timings.Any(t => t.Engine != "Elman");
        var text = new StringBuilder();
        text.AppendLine(compare
            ? "| engine | threads | median ms | min ms | max ms | sequences/s | time ÷ Elman's |"
            : "| engine | threads | median ms | min ms | max ms | sequences/s |");
        text.AppendLine(compare ? "|---|---:|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|---:|---:|");
        foreach (var t in timings)
        {
            text.Append(inv, $"| {t.Engine} | {t.Threads} | {t.MedianMs:F3} | {t.MinMs:F3} | {t.MaxMs:F3} | {t.SequencesPerSecond:N0} |");
            if (compare)
            {
                var elman = timings.FirstOrDefault(e => e.Engine == "Elman" && e.Threads == t.Threads);
                text.Append(elman is null ? " – |" : string.Create(inv, $" {t.MedianMs / elman.MedianMs:F2} |"));
            }
            text.AppendLine();
        }
        return text.ToString();
    }
}
