namespace Elman.Cluster.Units;

/// <summary>What a unit computed, and where.</summary>
/// <param name="Key">The unit's key.</param>
/// <param name="Payload">The result in the kind's encoding (<see cref="MemberUnits"/>, <see cref="LongRangeCells"/>, <see cref="PredictionShards"/>).</param>
/// <param name="Silo">The silo that computed it.</param>
/// <param name="ProcessId">That silo's process id.</param>
/// <param name="Host">That silo's machine.</param>
/// <param name="Elapsed">Wall time of the computation on the silo (without queueing).</param>
[GenerateSerializer, Alias("elman.unit-result")]
public sealed record UnitResult(string Key, byte[] Payload, string Silo, int ProcessId, string Host, TimeSpan Elapsed);
