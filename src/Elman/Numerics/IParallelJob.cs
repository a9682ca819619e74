namespace Elman.Numerics;

/// <summary>
/// A piece of work split into numbered parts for <see cref="WorkerPool.Run{TJob}(int, in TJob)"/>.
/// Implement it on a struct holding everything the parts need, so running it allocates nothing.
/// </summary>
public interface IParallelJob
{
    /// <summary>
    /// Runs part <paramref name="part"/>. Parts run concurrently on different threads against one shared
    /// copy of the job, so this must only read the job's fields and write to disjoint outputs.
    /// </summary>
    void Execute(int part);
}
