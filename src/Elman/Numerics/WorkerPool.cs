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
/// Each thread first runs its "home" parts, dealt round-robin (thread t, the caller being thread 0, owns
/// parts t, t + ThreadCount, …), then takes any part nobody has started. A kernel that cuts a problem
/// the same way every call therefore normally runs each part on the same core, which keeps that part's
/// data (say, its half of a packed weight matrix) in that core's cache; and when a worker is late (asleep,
/// or preempted on a busy machine) the others finish its parts instead of waiting for it. Results must not
/// depend on which thread runs a part.
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

    /// <summary>longs per claim word, so each thread's word has its own cache line.</summary>
    const int ClaimStride = 8;

    readonly Thread[] _workers;
    readonly object _gate = new();

    // Claim word of thread t at [t · ClaimStride]: (run number << 32) | how many of t's home parts have
    // been taken. A part is taken by compare-and-swap on the word, which fails once the word is retagged
    // for a later run, so a late worker can never run a part of a finished run.
    readonly long[] _claims;

    // The published run. Written (with release semantics, so after the claim words are retagged) before
    // _generation is bumped; read (with acquire semantics) before a worker reads any claim word. A worker
    // that reads a newer run's value here therefore also sees that run's tags and claims nothing.
    nint _job;          // a TJob*
    nint _execute;      // a delegate*<void*, int, void>
    int _parts;

    int _generation;    // the current run's number; bumped once per run (and once by Dispose)
    int _done;          // parts of the current run finished
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
        _claims = new long[threadCount * ClaimStride];
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
            int generation = _generation + 1;
            for (int t = 0; t < ThreadCount; t++)
                Volatile.Write(ref _claims[t * ClaimStride], (long)generation << 32);
            // copy lives on this stack frame, which cannot move and outlives the run: we return only
            // after every part is done, even when a part throws.
            void* jobAddress = Unsafe.AsPointer(ref copy);
            delegate*<void*, int, void> execute = &Execute<TJob>;
            Volatile.Write(ref _job, (nint)jobAddress);
            Volatile.Write(ref _execute, (nint)execute);
            Volatile.Write(ref _parts, parts);
            _failure = null;
            _done = 0;
            Interlocked.Exchange(ref _generation, generation);
            if (Volatile.Read(ref _sleepers) > 0)
                lock (_gate) Monitor.PulseAll(_gate);

            Work(0, generation, jobAddress, execute, parts);

            var spinner = new SpinWait();
            while (Volatile.Read(ref _done) != parts) spinner.SpinOnce(sleep1Threshold: -1);
            _job = 0;
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

    // Thread `thread` runs its home parts of run `generation`, then whatever parts other threads have not
    // taken. job, execute and parts were read after the run was published; they are only used for parts
    // won by a compare-and-swap against a word still tagged `generation`, i.e. while the run is live.
    void Work(int thread, int generation, void* job, delegate*<void*, int, void> execute, int parts)
    {
        for (int i = 0; i < ThreadCount; i++)
        {
            int owner = (thread + i) % ThreadCount;
            ref long claim = ref _claims[owner * ClaimStride];
            while (true)
            {
                long word = Volatile.Read(ref claim);
                int part = owner + (int)word * ThreadCount;
                if ((int)(word >> 32) != generation || part >= parts) break;
                if (Interlocked.CompareExchange(ref claim, word + 1, word) != word) continue;
                try
                {
                    execute(job, part);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
                }
                Interlocked.Increment(ref _done);
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
            void* job = (void*)Volatile.Read(ref _job);
            var execute = (delegate*<void*, int, void>)Volatile.Read(ref _execute);
            Work(thread, seen, job, execute, Volatile.Read(ref _parts));
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
