using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Elman.Numerics;

/// <summary>
/// A fixed set of threads that kernels split their work across: the calling thread plus
/// <see cref="ThreadCount"/> − 1 persistent background workers.
/// </summary>
/// <remarks>
/// <para>
/// Parts are dealt round-robin and never stolen: thread t (the caller is thread 0) runs parts t,
/// t + ThreadCount, t + 2·ThreadCount, …. A kernel that always cuts a problem the same way therefore
/// runs each part on the same core every call, which keeps that part's data (say, its half of a packed
/// weight matrix) in that core's cache, and its results cannot depend on timing.
/// </para>
/// <para>
/// After a run, workers spin for about <see cref="SpinTime"/> waiting for the next one before they block,
/// so back-to-back runs (one per time step of an RNN) hand off in about a microsecond with no allocation.
/// </para>
/// <para>
/// Thread-safety: meant for one caller at a time. A run started while another is in progress (from a
/// second thread, or from inside a part) does not wait or fail: it runs all its parts serially on its
/// own thread. <see cref="Dispose"/> must not race with a run.
/// </para>
/// </remarks>
public sealed unsafe class WorkerPool : IDisposable
{
    /// <summary>How long an idle worker spins before it blocks, trading a core's idle time for wake-up latency.</summary>
    public static readonly TimeSpan SpinTime = TimeSpan.FromMilliseconds(1);

    static readonly long SpinTicks = (long)(SpinTime.TotalSeconds * Stopwatch.Frequency);

    readonly Thread[] _workers;
    readonly object _gate = new();

    // The published run. Written by the caller before it bumps _generation, read by workers after they
    // see the bump; Interlocked.Increment's full fence orders the two.
    void* _job;
    delegate*<void*, int, void> _execute;
    int _parts;

    int _generation;    // bumped once per run (and once by Dispose)
    int _pending;       // workers that have not finished the current run
    int _sleepers;      // workers blocked on _gate
    int _busy;          // 1 while a run owns the workers
    volatile bool _disposed;
    ExceptionDispatchInfo? _failure;

    /// <summary>Creates a pool of <paramref name="threadCount"/> threads; 1 means everything runs on the caller.</summary>
    /// <exception cref="ArgumentOutOfRangeException">threadCount is less than 1.</exception>
    public WorkerPool(int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        ThreadCount = threadCount;
        _workers = new Thread[threadCount - 1];
        for (int i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"Elman worker {i + 1}" };
            _workers[i].Start(i + 1);
        }
    }

    /// <summary>The number of threads work is split across, including the caller.</summary>
    public int ThreadCount { get; }

    /// <summary>
    /// Runs <paramref name="job"/>.Execute(p) for every part p in [0, <paramref name="parts"/>) and returns
    /// when all are done. The job is copied once and all parts share that copy. Allocates nothing.
    /// </summary>
    /// <remarks>
    /// If parts throw, the remaining parts still run, then the first exception thrown is rethrown here
    /// with its original stack trace.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">parts is negative.</exception>
    /// <exception cref="ObjectDisposedException">The pool has been disposed.</exception>
    public void Run<TJob>(int parts, in TJob job) where TJob : struct, IParallelJob
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parts);
        ObjectDisposedException.ThrowIf(_disposed, this);
        TJob copy = job;
        if (parts <= 1 || _workers.Length == 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int p = 0; p < parts; p++) copy.Execute(p);
            return;
        }

        try
        {
            // copy lives on this stack frame, which cannot move and outlives the run: we wait below
            // for every worker before returning, even when a part throws.
            _job = Unsafe.AsPointer(ref copy);
            _execute = &Execute<TJob>;
            _parts = parts;
            _failure = null;
            Volatile.Write(ref _pending, _workers.Length);
            Interlocked.Increment(ref _generation);
            if (Volatile.Read(ref _sleepers) > 0)
                lock (_gate) Monitor.PulseAll(_gate);

            RunShare(0);

            var spinner = new SpinWait();
            while (Volatile.Read(ref _pending) != 0) spinner.SpinOnce(sleep1Threshold: -1);
            _job = null;
            _failure?.Throw();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Runs <paramref name="body"/>(p) for every part p in [0, <paramref name="parts"/>); see <see cref="Run{TJob}(int, in TJob)"/>.</summary>
    /// <exception cref="ArgumentNullException">body is null.</exception>
    public void Run(int parts, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Run(parts, new ActionJob(body));
    }

    /// <summary>Stops the workers and waits for them to exit. Safe to call more than once.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Interlocked.Increment(ref _generation);
        lock (_gate) Monitor.PulseAll(_gate);
        foreach (var worker in _workers) worker.Join();
    }

    static void Execute<TJob>(void* job, int part) where TJob : struct, IParallelJob =>
        Unsafe.AsRef<TJob>(job).Execute(part);

    // Thread `thread`'s round-robin share of the current run; the first exception is kept for the caller.
    void RunShare(int thread)
    {
        for (int p = thread; p < _parts; p += ThreadCount)
        {
            try
            {
                _execute(_job, p);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            }
        }
    }

    void WorkerLoop(object? state)
    {
        int thread = (int)state!;
        int seen = 0;
        while (true)
        {
            seen = WaitForRun(seen);
            if (_disposed) return;
            RunShare(thread);
            Interlocked.Decrement(ref _pending);
        }
    }

    // Spins for SpinTime, then blocks, until _generation moves past `seen`; returns the new generation.
    // No lost wake-up: a worker increments _sleepers before its last check of _generation and the caller
    // bumps _generation before it checks _sleepers (both full fences), so at least one sees the other.
    int WaitForRun(int seen)
    {
        long deadline = Stopwatch.GetTimestamp() + SpinTicks;
        int generation;
        while ((generation = Volatile.Read(ref _generation)) == seen)
        {
            if (Stopwatch.GetTimestamp() < deadline)
            {
                Thread.SpinWait(8);
                continue;
            }
            lock (_gate)
            {
                Interlocked.Increment(ref _sleepers);
                while ((generation = Volatile.Read(ref _generation)) == seen) Monitor.Wait(_gate);
                Interlocked.Decrement(ref _sleepers);
            }
        }
        return generation;
    }

    readonly struct ActionJob(Action<int> body) : IParallelJob
    {
        public void Execute(int part) => body(part);
    }
}
