using Elman.Cluster.Units;

namespace Elman.Cluster.Grains;

/// <summary>
/// The grain that computes one unit of work, keyed by the unit's <see cref="WorkUnit.Key"/>. Start returns at once
/// (the work runs off the Orleans scheduler); the caller polls. A unit started again while it runs, or after it
/// finished, is not computed again: its grain answers with its state or stored result.
/// </summary>
[Alias("elman.unit-grain")]
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>Starts <paramref name="unit"/> unless it is running or done (a failed unit is started again); returns its state.</summary>
    [Alias("start")]
    Task<UnitStatus> Start(WorkUnit unit);

    /// <summary>The unit's state, with its result once it is done.</summary>
    [Alias("poll")]
    Task<UnitStatus> Poll();
}
