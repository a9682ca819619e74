namespace Elman.Cluster;

/// <summary>Where this package's units of work run: an Orleans cluster of <c>elman cluster silo</c> processes.</summary>
public static class ClusterInfo
{
    /// <summary>The Orleans cluster id every Elman silo and client uses unless told otherwise.</summary>
    public const string DefaultClusterId = "elman";
}
