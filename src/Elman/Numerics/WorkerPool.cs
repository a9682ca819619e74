namespace Elman.Numerics;

/// <summary>
/// A fixed set of threads that kernels split their work across. Work is partitioned by output
/// ranges that depend only on the problem size and <see cref="ThreadCount"/>, so results are
/// bit-identical for a given thread count.
/// </summary>
public sealed class WorkerPool : IDisposable
{
    readonly ParallelOptions _options;

    /// <summary>Creates a pool of <paramref name="threadCount"/> threads (1 = run on the caller).</summary>
    /// <exception cref="ArgumentOutOfRangeException">threadCount is less than 1.</exception>
    public WorkerPool(int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        ThreadCount = threadCount;
        _options = new ParallelOptions { MaxDegreeOfParallelism = threadCount };
    }

    /// <summary>The number of threads work is split across, including the caller.</summary>
    public int ThreadCount { get; }

    /// <summary>Runs <paramref name="body"/> for every part in [0, parts) and returns when all are done.</summary>
    public void Run(int parts, Action<int> body)
    {
        if (ThreadCount == 1 || parts == 1)
        {
            for (int p = 0; p < parts; p++) body(p);
            return;
        }
        Parallel.For(0, parts, _options, body);
    }

    /// <inheritdoc />
    public void Dispose() { }
}
