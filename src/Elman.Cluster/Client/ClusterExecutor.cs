using Elman.Cluster.Units;
using Elman.Runs;

namespace Elman.Cluster.Client;

/// <summary>
/// Trains a run's members on the cluster, one unit each (<see cref="MemberUnits"/>), and hands the runner their
/// results exactly as <see cref="InProcessExecutor"/> would: the same models and histories, so the merged ensemble
/// is byte-identical to a local run with the same threads. Checkpoints are not written: the cluster keeps
/// finished members, and running the same job again collects them. On cancellation it returns null and says so
/// through <see cref="IRunObserver.Log"/>.
/// </summary>
/// <param name="scheduler">Runs the units.</param>
public sealed class ClusterExecutor(UnitScheduler scheduler) : IMemberExecutor
{
    /// <summary>Where each member was computed, after <see cref="TrainAll"/> (silo and process id are in each result).</summary>
    public IReadOnlyList<UnitResult> Units { get; private set; } = [];

    /// <inheritdoc/>
    public IReadOnlyList<MemberResult>? TrainAll(MemberContext context)
    {
        var run = context.Run;
        var units = Enumerable.Range(0, run.Ensemble).Select(m => MemberUnits.Describe(run, m)).ToList();
        try
        {
            Units = scheduler.RunAll(units, context.Cancellation).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            // Nothing to write here: the members already started keep training on their silos and stay there.
            context.Observer.Log("interrupted: members already started keep training on their silos; run the same command again to collect them");
            return null;
        }
        return Units.Select((r, m) => MemberUnits.Decode(r.Payload, m, run.Seed + (ulong)m)).ToList();
    }
}
