using Elman.Cluster.Tests.Support;
using System.Diagnostics;
using System.Net;
using Elman.Cluster.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Elman.Cluster.Tests.Membership;

/// <summary>
/// Two silos and a client in this process, each an Orleans host configured only through <see cref="ClusterMembership"/>,
/// all on loopback with free ports. Nothing tells the silos about each other or the client about the silos except the
/// membership table the settings name.
/// </summary>
sealed class TwoSiloCluster : IAsyncDisposable
{
    static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    readonly List<IHost> silos = [];
    IHost? client;
    bool stopped;

    /// <summary>The two silos' addresses as Orleans prints them (ip:port@generation).</summary>
    public IReadOnlyList<string> SiloAddresses => silos.Select(s => s.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString()).ToList();

    public IClusterClient Client => client!.Services.GetRequiredService<IClusterClient>();

    /// <summary>Starts both silos, then the client; a failure stops whatever started.</summary>
    public static async Task<TwoSiloCluster> StartAsync(MembershipSettings membership)
    {
        var cluster = new TwoSiloCluster();
        try
        {
            var ports = FreePort.Take(4);
            for (int i = 0; i < 2; i++)
            {
                var endpoints = new SiloEndpoints(ports[2 * i], ports[2 * i + 1], IPAddress.Loopback);
                var silo = new HostBuilder()
                    .UseOrleans(builder => ClusterMembership.ConfigureSilo(builder, membership, endpoints))
                    .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
                    .Build();
                cluster.silos.Add(silo);
                await Bounded(silo.StartAsync, $"silo {i + 1} start");
            }
            cluster.client = new HostBuilder()
                .UseOrleansClient(builder => ClusterMembership.ConfigureClient(builder, membership))
                .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
                .Build();
            await Bounded(cluster.client.StartAsync, "client connect");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Asks the cluster (the management grain, through the client) for its active silos until it reports both; a silo
    /// joins as Joining and turns Active once the others have checked it, so the first answers may hold fewer.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForActiveSilosAsync(int count)
    {
        var management = Client.GetGrain<IManagementGrain>(0);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var active = (await management.GetHosts(onlyActive: true)).Keys.Select(a => a.ToString()).Order().ToList();
            if (active.Count >= count) return active;
            if (deadline.Elapsed > StepTimeout)
                throw new TimeoutException($"the cluster reported {active.Count} active silo(s) after {StepTimeout.TotalSeconds} s, expected {count}: {string.Join(", ", active)}");
            await Task.Delay(250);
        }
    }

    static async Task Bounded(Func<CancellationToken, Task> step, string what)
    {
        using var timeout = new CancellationTokenSource(StepTimeout);
        try { await step(timeout.Token).WaitAsync(timeout.Token); }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{what} did not finish within {StepTimeout.TotalSeconds} s");
        }
    }

    /// <summary>
    /// Stops the client, then both silos together (each marks itself Dead in the membership table as it leaves), each
    /// step bounded; throws if a step failed.
    /// </summary>
    public async Task StopAsync()
    {
        if (stopped) return;
        stopped = true;
        if (client is not null) await Bounded(client.StopAsync, "client shutdown");
        await Task.WhenAll(silos.Select(s => Bounded(s.StopAsync, "silo shutdown")));
    }

    /// <summary>Stops what is still running (best effort: a test that already failed keeps its own error), then frees the hosts.</summary>
    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        catch (Exception) { } // the test's own failure, if any, is the one worth reporting
        finally
        {
            client?.Dispose();
            foreach (var silo in silos) silo.Dispose();
        }
    }
}
