using System.Net;

namespace Elman.Cluster.Hosting;

/// <summary>How one silo joins the cluster and what it offers.</summary>
public sealed record SiloSettings
{
    /// <summary>Port silos talk to each other on.</summary>
    public int Port { get; init; } = 11111;
    /// <summary>Port clients connect to.</summary>
    public int GatewayPort { get; init; } = 30000;
    /// <summary>The address other silos and clients reach this silo at (loopback: this machine only).</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;
    /// <summary>Development membership: the first silo's endpoint (its <see cref="Port"/>); null makes this silo the first.</summary>
    public IPEndPoint? Primary { get; init; }
    /// <summary>Threads the silo offers units (each unit takes its own thread count).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>Where the silo keeps files units bring (by SHA-256).</summary>
    public required string FileFolder { get; init; }
    /// <summary>Where the silo keeps finished results (by unit key), so they outlive their grain and the silo; null: in memory only.</summary>
    public string? ResultFolder { get; init; }
    /// <summary>The Orleans cluster id.</summary>
    public string ClusterId { get; init; } = ClusterInfo.DefaultClusterId;
    /// <summary>The Orleans service id.</summary>
    public string ServiceId { get; init; } = ClusterInfo.DefaultClusterId;
}
