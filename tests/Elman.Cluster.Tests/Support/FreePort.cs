using System.Net;
using System.Net.Sockets;

namespace Elman.Cluster.Tests.Support;

/// <summary>Loopback TCP ports nobody listens on right now: the kernel picks them, so parallel tests do not collide.</summary>
static class FreePort
{
    public static int Next() => Take(1)[0];

    /// <summary><paramref name="count"/> different free ports: every listener stays open until all are picked.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners) listener.Dispose();
        }
    }
}
