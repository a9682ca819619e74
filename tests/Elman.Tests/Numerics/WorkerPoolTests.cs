using Elman.Numerics;

namespace Elman.Tests.Numerics;

public sealed class WorkerPoolTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryPart_RunsExactlyOnce(int threads)
    {
        using var pool = new WorkerPool(threads);
        foreach (int parts in new[] { 0, 1, 2, 3, 7, 64 })
        {
            var counts = new int[parts];
            pool.Run(parts, p => Interlocked.Increment(ref counts[p]));
            for (int p = 0; p < parts; p++)
                Assert.True(counts[p] == 1, $"threads={threads} parts={parts}: part {p} ran {counts[p]} times");
        }
    }

    [Fact]
    public void ManyConsecutiveRuns_OfAStructJob_AllComplete_WithoutAllocating()
    {
        using var pool = new WorkerPool(2);
        var sums = new long[2];
        var job = new AddPartJob(sums);
        pool.Run(2, in job);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20_000; i++) pool.Run(2, in job);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(20_001L * 1, sums[0]);
        Assert.Equal(20_001L * 2, sums[1]);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void TwoParts_RunConcurrently()
    {
        using var pool = new WorkerPool(2);
        TwoPartsMeet(pool);
    }

    [Fact]
    public void CallerTakesOverParts_WhileAWorkerIsStuck()
    {
        using var pool = new WorkerPool(2);
        TwoPartsMeet(pool); // the worker is up and spinning
        int caller = Environment.CurrentManagedThreadId, done = 0, workerParts = 0;
        bool othersFinished = false;
        pool.Run(7, p =>
        {
            // The first part the worker takes blocks until the other six are done, which only happens if
            // the caller also runs the worker's remaining home parts.
            if (Environment.CurrentManagedThreadId != caller && Interlocked.Increment(ref workerParts) == 1)
                othersFinished = SpinWait.SpinUntil(() => Volatile.Read(ref done) == 6, TimeSpan.FromSeconds(10));
            else
                Thread.Sleep(1);
            Interlocked.Increment(ref done);
        });
        Assert.Equal(7, done);
        Assert.True(workerParts == 1 && othersFinished, $"worker ran {workerParts} parts; others finished while it was stuck: {othersFinished}");
    }

    // Runs two parts that each wait for the other, so it only returns if both run at the same time.
    static void TwoPartsMeet(WorkerPool pool)
    {
        using var first = new ManualResetEventSlim();
        using var second = new ManualResetEventSlim();
        bool[] sawOther = new bool[2];
        pool.Run(2, p =>
        {
            (p == 0 ? first : second).Set();
            sawOther[p] = (p == 0 ? second : first).Wait(TimeSpan.FromSeconds(10));
        });
        Assert.True(sawOther[0] && sawOther[1], $"part 0 saw part 1: {sawOther[0]}, part 1 saw part 0: {sawOther[1]}");
    }

    [Fact]
    public void FirstException_IsRethrown_AfterTheOtherPartsRan()
    {
        using var pool = new WorkerPool(2);
        var ran = new int[4];
        var e = Assert.Throws<InvalidOperationException>(() => pool.Run(4, p =>
        {
            Interlocked.Increment(ref ran[p]);
            if (p == 1) throw new InvalidOperationException("part 1 failed");
        }));
        Assert.Equal("part 1 failed", e.Message);
        Assert.All(ran, count => Assert.Equal(1, count));

        int after = 0;
        pool.Run(2, _ => Interlocked.Increment(ref after));
        Assert.Equal(2, after);
    }

    [Fact]
    public void NestedRun_RunsInlineInsteadOfDeadlocking()
    {
        using var pool = new WorkerPool(2);
        var counts = new int[4 * 3];
        pool.Run(4, outer => pool.Run(3, inner => Interlocked.Increment(ref counts[outer * 3 + inner])));
        Assert.All(counts, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task ConcurrentCallers_BothComplete()
    {
        using var pool = new WorkerPool(2);
        long total = 0;
        var callers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 2_000; i++) pool.Run(3, _ => Interlocked.Increment(ref total));
        }));
        await Task.WhenAll(callers);
        Assert.Equal(2 * 2_000 * 3, total);
    }

    [Fact]
    public void WorkersThatWentToSleep_WakeForTheNextRun()
    {
        using var pool = new WorkerPool(2);
        for (int i = 0; i < 3; i++)
        {
            Thread.Sleep(WorkerPool.SpinTime * 5);
            TwoPartsMeet(pool);
        }
    }

    [Fact]
    public void Dispose_IsIdempotent_AndLaterRunsThrow()
    {
        var pool = new WorkerPool(3);
        pool.Dispose();
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.Run(2, _ => { }));
    }

    [Fact]
    public void ThreadCount_BelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerPool(0));

    readonly struct AddPartJob(long[] sums) : IParallelJob
    {
        public void Execute(int part) => sums[part] += part + 1;
    }
}
