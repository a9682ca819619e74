namespace Elman.Cluster;

/// <summary>Where this package's units of work run: an Orleans cluster of <c>elman cluster silo</c> processes.</summary>
public static class ClusterInfo
{
    /// <summary>The Orleans cluster id every Elman silo and client uses unless told otherwise.</summary>
    public const string DefaultClusterId = "elman";

    /// <summary>
    /// The largest message silos and clients exchange (Orleans closes a connection that carries more): 1 GiB instead of
    /// Orleans' 100 MB, since a unit carries its data files and a result carries its model. A larger unit is refused
    /// before it is sent (<see cref="Client.UnitScheduler"/>).
    /// </summary>
    public const int MaxMessageBytes = 1 << 30;
}
