using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Elman.Cluster.Hosting;

/// <summary>
/// A client connected to an Elman cluster: through one gateway (<c>HOST:PORT</c>), or through the gateways the silos'
/// membership table (Redis, PostgreSQL) lists.
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    readonly IHost _host;

    ClusterConnection(IHost host, string address) => (_host, Address, Client) = (host, address, host.Services.GetRequiredService<IClusterClient>());

    /// <summary>The gateway as given, or what the caller calls the membership table.</summary>
    public string Address { get; }

    /// <summary>The Orleans client.</summary>
    public IClusterClient Client { get; }

    /// <summary>Connects to the gateway at <paramref name="address"/> (<c>HOST:PORT</c>), or through <paramref name="membership"/>.</summary>
    /// <param name="address">A silo's gateway; with <paramref name="membership"/>, only the name messages give the cluster
    /// (it must not hold a password).</param>
    /// <param name="clusterId">The Orleans cluster id (with a gateway).</param>
    /// <param name="membership">Finds gateways another way (e.g. the silos' Redis or ADO.NET membership table, see
    /// <see cref="Membership.ClusterMembership.ConfigureClient"/>) and sets the cluster's identity; null connects to the
    /// gateway <paramref name="address"/> names, alone.</param>
    /// <param name="serviceId">The Orleans service id (with a gateway).</param>
    /// <param name="cancellation">Stops connecting.</param>
    /// <exception cref="ElmanException">The address is malformed, or no Elman silo answers there; one line naming it.</exception>
    public static async Task<ClusterConnection> Connect(string address, string clusterId = ClusterInfo.DefaultClusterId, Action<IClientBuilder>? membership = null,
        string serviceId = ClusterInfo.DefaultClusterId, CancellationToken cancellation = default)
    {
        // A membership table is read by the Orleans client itself; a gateway is checked first, so a closed port fails at once.
        var gateway = membership is null ? await Resolve(address).ConfigureAwait(false) : null;
        if (gateway is not null) await Probe(address, gateway, cancellation).ConfigureAwait(false);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClientMessagingOptions>(o => o.MaxMessageBodySize = ClusterInfo.MaxMessageBytes);
            if (membership is not null) membership(client);
            else
            {
                client.UseStaticClustering(gateway!);
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
            }
        });
        var host = builder.Build();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(ConnectTimeout);
        try
        {
            await host.StartAsync(limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested)
        {
            host.Dispose();
            string reason = e is OperationCanceledException ? $"no Orleans gateway answered within {ConnectTimeout.TotalSeconds:F0} s" : OneLine.Of(e.GetBaseException().Message, 200);
            throw new ElmanException($"cannot reach an Elman cluster at {address}: {reason}", e);
        }
        return new ClusterConnection(host, address);
    }

    /// <summary>How long connecting may take before it fails.</summary>
    public static TimeSpan ConnectTimeout { get; } = TimeSpan.FromSeconds(20);

    // A closed port or an unreachable host fails here at once, instead of after the Orleans client's retries.
    static async Task Probe(string address, IPEndPoint gateway, CancellationToken cancellation)
    {
        using var socket = new Socket(gateway.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await socket.ConnectAsync(gateway, limit.Token).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new ElmanException($"cannot reach an Elman cluster at {address}: {e.Message}", e);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new ElmanException($"cannot reach an Elman cluster at {address}: no answer within 10 s");
        }
    }

    /// <summary>Parses <c>HOST:PORT</c> (an IPv6 host in brackets) and resolves the host.</summary>
    /// <exception cref="ElmanException">Not HOST:PORT, or the host does not resolve.</exception>
    public static async Task<IPEndPoint> Resolve(string address)
    {
        int colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), out int port) || port is < 1 or > 65535)
            throw new ElmanException($"'{address}' is not HOST:PORT (e.g. 127.0.0.1:30000)");
        string host = address[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var ip)) return new IPEndPoint(ip, port);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
                ?? throw new ElmanException($"{host}: the name has no addresses");
            return new IPEndPoint(chosen, port);
        }
        catch (SocketException e)
        {
            throw new ElmanException($"{host}: cannot resolve the name ({e.Message})", e);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or OrleansException)
        {
            // Leaving a cluster that is already gone: nothing to tell it.
        }
        _host.Dispose();
    }
}
