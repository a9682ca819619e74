using Elman.Cluster.Hosting;

namespace Elman.Cluster.Grains;

/// <summary>What one silo offers and holds.</summary>
/// <param name="Silo">Its address.</param>
/// <param name="ProcessId">Its process id.</param>
/// <param name="Host">Its machine.</param>
/// <param name="Threads">Threads it offers units.</param>
/// <param name="Units">Units waiting or running on it.</param>
/// <param name="Compute">How it computes (<see cref="Units.ComputeSignature"/>).</param>
[GenerateSerializer, Alias("elman.silo-report")]
public sealed record SiloReport(string Silo, int ProcessId, string Host, int Threads, IReadOnlyList<UnitReport> Units, string Compute);

/// <summary>
/// A silo's own report, keyed by the silo's address and placed on that silo (the caller passes the address as
/// Orleans' placement hint); a report whose <see cref="SiloReport.Silo"/> differs from the key came from elsewhere.
/// </summary>
[Alias("elman.silo-grain")]
public interface ISiloGrain : IGrainWithStringKey
{
    /// <summary>The silo's report.</summary>
    [Alias("report")]
    Task<SiloReport> Report();
}

/// <summary>Answers for the silo it lives on.</summary>
[Orleans.Placement.RandomPlacement]
public sealed class SiloGrain(SiloWork work) : Grain, ISiloGrain
{
    /// <inheritdoc/>
    public Task<SiloReport> Report() => Task.FromResult(new SiloReport(work.Silo, Environment.ProcessId, Environment.MachineName, work.Threads, work.Units(), Units.ComputeSignature.Local));
}
