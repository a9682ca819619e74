using System.Net;
using System.Net.Sockets;

namespace Elman.Cluster.Tests.Membership.Servers;

/// <summary>Loopback TCP ports nobody listens on right now: the kernel picks them, so parallel tests do not collide.</summary>
static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
