using System.Diagnostics;
using Elman.Numerics;

namespace Elman.Cli.Commands;

/// <summary><c>elman bench --gemm N</c>: Elman's own SGEMM rate on n × n × n, the peak a training step is measured against.</summary>
static class BenchGemm
{
    /// <summary>GFLOP/s of C = A·B at n × n on <paramref name="threads"/> threads, the median of one-second-ish rounds.</summary>
    public static double Measure(int n, int threads, double seconds = 1.5)
    {
        var rng = new SeededRandom(1);
        var a = new float[n * n];
        var b = new float[n * n];
        var c = new float[n * n];
        for (int i = 0; i < a.Length; i++) { a[i] = (float)rng.NextNormal(); b[i] = (float)rng.NextNormal(); }
        using var pool = new WorkerPool(threads);
        void Run() => Gemm.Multiply<float>(false, false, n, n, n, a, n, b, n, c, n, accumulate: false, pool);
        for (int i = 0; i < 3; i++) Run();
        var rates = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds || rates.Count < 3)
        {
            long start = Stopwatch.GetTimestamp();
            Run();
            rates.Add(2.0 * n * n * n / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9);
        }
        rates.Sort();
        return rates[rates.Count / 2];
    }

    public static void Run(int n, IReadOnlyList<int> threadCounts, TextWriter output)
    {
        foreach (int threads in threadCounts)
            output.WriteLine($"Elman SGEMM n={n} threads={threads}: {Measure(n, threads):F1} GFLOP/s (median)");
    }
}
