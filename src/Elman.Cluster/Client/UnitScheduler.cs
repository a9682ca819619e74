using System.Diagnostics;
using Elman.Cluster.Grains;
using Elman.Cluster.Units;
using Orleans.Runtime.Placement;

namespace Elman.Cluster.Client;

/// <summary>
/// Runs units of work on a cluster and collects their results in unit order. The client schedules: it asks each
/// active silo how many threads it offers and how it computes (<see cref="ComputeSignature"/>: only silos that
/// compute as this machine does get units), starts a unit on the silo with the most free room (Orleans' placement
/// hint), and polls running units. A unit whose silo leaves the cluster or stops answering is started again on
/// another one; since a unit's result depends only on its description, the job's results do not change. A unit
/// started before (by an earlier client) is not computed again: its grain returns its state or stored result.
/// </summary>
/// <param name="client">A connected client.</param>
/// <param name="log">Told every change of a unit (started, done, moved), with the counts of done, running and queued units.</param>
public sealed class UnitScheduler(IClusterClient client, Action<string> log)
{
    /// <summary>The longest time between polls of running units; after a unit starts or finishes the client polls again within 20 ms, then backs off by doubling up to this.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    static readonly TimeSpan QuickPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>How long the cluster may go without a single active silo (or the gateway without answering) before the job fails.</summary>
    public TimeSpan Patience { get; init; } = TimeSpan.FromSeconds(60);

    sealed class Tracked(WorkUnit unit)
    {
        public WorkUnit Unit { get; } = unit;
        public string? Silo;        // the silo holding its grain while it runs (parsable address)
        public int ProcessId;
        public UnitResult? Result;
        public bool Reported;       // a failed start was reported once
    }

    /// <summary>Every unit's result, in the order of <paramref name="units"/>.</summary>
    /// <exception cref="ElmanException">A unit failed (its one-line error, with its label and silo), or the cluster has had no active silo for <see cref="Patience"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was signalled; started units keep running on their silos.</exception>
    public async Task<IReadOnlyList<UnitResult>> RunAll(IReadOnlyList<WorkUnit> units, CancellationToken cancellation = default)
    {
        // Orleans would close the connection on a larger message, and the unit would be retried for ever.
        if (units.FirstOrDefault(u => u.Size > ClusterInfo.MaxMessageBytes * 0.9) is { } large)
            throw new ElmanException($"{large.Label}: carries {large.Size / 1e6:F0} MB (its description and files); a unit carries at most {ClusterInfo.MaxMessageBytes * 0.9 / 1e6:F0} MB");
        var tracked = units.Select(u => new Tracked(u)).ToArray();
        var threads = new Dictionary<SiloAddress, int>();
        var management = client.GetGrain<IManagementGrain>(0);
        var lastContact = Stopwatch.StartNew();
        var delay = QuickPoll;
        while (tracked.Any(t => t.Result is null))
        {
            var before = Progress(tracked);
            cancellation.ThrowIfCancellationRequested();
            SiloAddress[] silos;
            try
            {
                silos = (await management.GetHosts(onlyActive: true).WaitAsync(cancellation).ConfigureAwait(false)).Keys.OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Without the list of silos nothing can be judged lost or placed: wait for the gateway.
                if (lastContact.Elapsed > Patience) throw new ElmanException($"lost the cluster: its gateway has not answered for {Patience.TotalSeconds:F0} s ({OneLine.Of(e.Message, 200)})", e);
                await Task.Delay(PollInterval, cancellation).ConfigureAwait(false);
                continue;
            }
            if (silos.Length > 0) lastContact.Restart();
            else if (lastContact.Elapsed > Patience) throw new ElmanException($"the cluster has had no active silo for {Patience.TotalSeconds:F0} s");

            var alive = silos.Select(s => s.ToParsableString()).ToHashSet(StringComparer.Ordinal);
            foreach (var t in tracked.Where(t => t.Result is null && t.Silo is not null))
                await Poll(t, alive, tracked).ConfigureAwait(false);

            foreach (var silo in silos.Where(s => !threads.ContainsKey(s)))
                if (await Report(silo).ConfigureAwait(false) is { } report)
                    threads[silo] = report.Compute == ComputeSignature.Local ? report.Threads : 0;
            // A silo that computes otherwise would give other bytes: such silos get no units (0 threads).
            if (silos.Length > 0 && silos.All(threads.ContainsKey) && silos.All(s => threads[s] == 0))
                throw new ElmanException($"no silo of the cluster computes as this machine does ('{ComputeSignature.Local}'), so none would give its bytes");
            var busy = tracked.Where(t => t.Result is null && t.Silo is not null).GroupBy(t => t.Silo!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            foreach (var t in tracked.Where(t => t.Result is null && t.Silo is null))
            {
                var free = silos.Where(s => threads.GetValueOrDefault(s) > 0)
                    .Select(s => (silo: s, room: Math.Max(1, threads[s] / Math.Max(1, t.Unit.Threads)) - busy.GetValueOrDefault(s.ToParsableString())))
                    .Where(c => c.room > 0).OrderByDescending(c => c.room).FirstOrDefault();
                if (free.silo is null) break;
                await Start(t, free.silo, tracked).ConfigureAwait(false);
                if (t.Silo is not null) busy[t.Silo] = busy.GetValueOrDefault(t.Silo) + 1;
            }
            // Quick polls right after a change (small units finish fast), fewer while everything runs long.
            delay = Progress(tracked) != before ? QuickPoll : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, PollInterval.Ticks));
            if (tracked.Any(t => t.Result is null)) await Task.Delay(delay, cancellation).ConfigureAwait(false);
        }
        return tracked.Select(t => t.Result!).ToList();
    }

    // Changes with every start, completion and requeue.
    static (int Done, int Running) Progress(Tracked[] all) => (all.Count(t => t.Result is not null), all.Count(t => t.Result is null && t.Silo is not null));

    async Task Start(Tracked t, SiloAddress silo, Tracked[] all)
    {
        UnitStatus status;
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            status = await client.GetGrain<IUnitGrain>(t.Unit.Key).Start(t.Unit).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not ElmanException)
        {
            if (!t.Reported) log($"{t.Unit.Label}: could not start on {Name(silo.ToParsableString())} ({OneLine.Of(e.GetBaseException().Message, 160)}); will try again{Counts(all)}");
            t.Reported = true;
            return;
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
        t.Reported = false;
        Apply(t, status, all, started: true);
    }

    async Task Poll(Tracked t, HashSet<string> alive, Tracked[] all)
    {
        if (!alive.Contains(t.Silo!))
        {
            log($"{t.Unit.Label}: silo {Name(t.Silo!)} (pid {t.ProcessId}) left the cluster; queued again{Counts(all, requeued: t)}");
            t.Silo = null;
            return;
        }
        UnitStatus status;
        try
        {
            status = await client.GetGrain<IUnitGrain>(t.Unit.Key).Poll().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            log($"{t.Unit.Label}: silo {Name(t.Silo!)} (pid {t.ProcessId}) does not answer ({OneLine.Of(e.GetBaseException().Message, 160)}); queued again{Counts(all, requeued: t)}");
            t.Silo = null;
            return;
        }
        Apply(t, status, all, started: false);
    }

    void Apply(Tracked t, UnitStatus status, Tracked[] all, bool started)
    {
        switch (status.State)
        {
            case UnitState.Done:
                t.Result = status.Result!;
                t.Silo = null;
                string how = started ? "collected (computed earlier) from" : "done on";
                log($"{t.Unit.Label} {how} {Name(t.Result.Silo)} (pid {t.Result.ProcessId}) in {t.Result.Elapsed.TotalSeconds:F1} s{Counts(all)}");
                break;
            case UnitState.Failed:
                throw new ElmanException($"{t.Unit.Label} failed on {Name(status.Silo)}: {status.Error}");
            case UnitState.Unknown:
                // The grain came back empty (its silo was lost before it finished): start the unit again.
                if (t.Silo is not null) log($"{t.Unit.Label}: {Name(status.Silo)} no longer holds it; queued again{Counts(all, requeued: t)}");
                t.Silo = null;
                break;
            default:
                bool moved = t.Silo != status.Silo;
                (t.Silo, t.ProcessId) = (status.Silo, status.ProcessId);
                if (started || moved) log($"{t.Unit.Label} → {Name(status.Silo)} (pid {status.ProcessId}){Counts(all)}");
                break;
        }
    }

    async Task<SiloReport?> Report(SiloAddress silo)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            var report = await client.GetGrain<ISiloGrain>(silo.ToParsableString()).Report().ConfigureAwait(false);
            return report.Silo == silo.ToParsableString() ? report : null;
        }
        catch (Exception e) when (e is not ElmanException)
        {
            return null;
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    static string Counts(Tracked[] all, Tracked? requeued = null)
    {
        int done = all.Count(t => t.Result is not null), running = all.Count(t => t.Result is null && t.Silo is not null && t != requeued);
        return $"   [{done} done · {running} running · {all.Length - done - running} queued]";
    }

    /// <summary>A silo's endpoint without its generation: "127.0.0.1:11111@123456" → "127.0.0.1:11111".</summary>
    public static string Name(string silo) => silo.Split('@')[0];
}
