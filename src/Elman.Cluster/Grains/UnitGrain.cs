using Elman.Cluster.Hosting;
using Elman.Cluster.Units;

namespace Elman.Cluster.Grains;

/// <summary>
/// Holds one unit: the work runs in the silo's <see cref="SiloWork"/>, and the finished result stays in memory for
/// the grain's lifetime (a day without calls) and on the silo's disk, so a client that restarts collects it
/// instead of computing it again, even from a fresh activation.
/// </summary>
[CollectionAgeLimit(Days = 1)]
[Orleans.Placement.RandomPlacement]
public sealed class UnitGrain(SiloWork work) : Grain, IUnitGrain
{
    Task<UnitResult>? _work;
    string? _label;

    /// <inheritdoc/>
    public Task<UnitStatus> Start(WorkUnit unit)
    {
        if (unit.Key != this.GetPrimaryKeyString()) throw new ArgumentException($"{unit.Label}: the unit's key {unit.Key} is not this grain's {this.GetPrimaryKeyString()}");
        _work ??= work.Stored(unit.Key) is { } stored ? Task.FromResult(stored) : null;
        if (_work is null || _work.IsFaulted)
        {
            _label = unit.Label;
            _work = Task.Run(() => work.Run(unit));
        }
        return Poll();
    }

    /// <inheritdoc/>
    public Task<UnitStatus> Poll()
    {
        _work ??= work.Stored(this.GetPrimaryKeyString()) is { } stored ? Task.FromResult(stored) : null;
        string silo = work.Silo;
        int pid = Environment.ProcessId;
        var status = _work switch
        {
            null => new UnitStatus(UnitState.Unknown, silo, pid),
            { IsCompletedSuccessfully: true } done => new UnitStatus(UnitState.Done, silo, pid, done.Result),
            { IsFaulted: true } failed => new UnitStatus(UnitState.Failed, silo, pid, Error: ErrorOf(failed.Exception!.GetBaseException())),
            { IsCanceled: true } => new UnitStatus(UnitState.Failed, silo, pid, Error: $"{_label}: cancelled on the silo"),
            _ => new UnitStatus(work.IsRunning(this.GetPrimaryKeyString()) ? UnitState.Running : UnitState.Queued, silo, pid),
        };
        return Task.FromResult(status);
    }

    // Bad data and settings describe themselves in one line; anything else also names its type.
    static string ErrorOf(Exception e) => e is ElmanException ? OneLine.Of(e.Message) : $"{e.GetType().Name}: {OneLine.Of(e.Message)}";
}
