using System.Net;

namespace Elman.Cluster.Membership;

/// <summary>
/// Where one silo listens and what address it gives the others: <paramref name="SiloPort"/> for silo-to-silo traffic,
/// <paramref name="GatewayPort"/> for clients. <paramref name="AdvertisedAddress"/> null lets Orleans pick the machine's
/// address (in Kubernetes, the pod's POD_IP); a loopback address keeps the silo on this machine.
/// </summary>
public sealed record SiloEndpoints(int SiloPort = SiloEndpoints.DefaultSiloPort, int GatewayPort = SiloEndpoints.DefaultGatewayPort, IPAddress? AdvertisedAddress = null)
{
    /// <summary>Orleans' usual silo-to-silo port.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>Orleans' usual client gateway port.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>Throws a <see cref="SettingException"/> naming the port that is not a TCP port, or both when they clash.</summary>
    public void Validate()
    {
        SettingException.Require(SiloPort is > 0 and <= 65535, nameof(SiloPort), SiloPort, "a TCP port in 1..65535");
        SettingException.Require(GatewayPort is > 0 and <= 65535, nameof(GatewayPort), GatewayPort, "a TCP port in 1..65535");
        SettingException.Require(GatewayPort != SiloPort, nameof(GatewayPort), GatewayPort, $"a port other than SiloPort ({SiloPort})");
    }
}
