namespace Elman.Cluster.Units;

/// <summary>Where a unit stands on the silo that holds its grain.</summary>
public enum UnitState
{
    /// <summary>The grain has no unit (a fresh activation, e.g. after the silo that ran it died): submit it again.</summary>
    Unknown,
    /// <summary>Waiting on the silo for free threads.</summary>
    Queued,
    /// <summary>Being computed.</summary>
    Running,
    /// <summary>Computed; the result is attached.</summary>
    Done,
    /// <summary>The unit failed (bad data, a diverged run); the one-line error is attached.</summary>
    Failed,
}

/// <summary>A unit's state as its grain reports it.</summary>
/// <param name="State">Where it stands.</param>
/// <param name="Silo">The silo holding the grain.</param>
/// <param name="ProcessId">That silo's process id.</param>
/// <param name="Result">The result, when <see cref="UnitState.Done"/>.</param>
/// <param name="Error">The unit's one-line error, when <see cref="UnitState.Failed"/>.</param>
[GenerateSerializer, Alias("elman.unit-status")]
public sealed record UnitStatus(UnitState State, string Silo, int ProcessId, UnitResult? Result = null, string? Error = null);
