using Elman.Cluster.Membership;

namespace Elman.Cluster.Tests.Membership;

/// <summary>What every membership kind must give: two silos that see each other as active and serve a client's calls.</summary>
static class TwoSiloScenario
{
    const int Calls = 32;

    /// <summary>
    /// Starts two silos and a client with <paramref name="membership"/>; asserts the cluster reports exactly those two
    /// silos active and that <see cref="Calls"/> randomly placed grains answer from both of them (all on one silo by
    /// chance: probability 2⁻³¹); runs <paramref name="whileRunning"/> (a look into the membership server); stops the
    /// cluster cleanly.
    /// </summary>
    public static async Task RunAsync(MembershipSettings membership, Func<TwoSiloCluster, Task> whileRunning)
    {
        await using var cluster = await TwoSiloCluster.StartAsync(membership);

        var active = await cluster.WaitForActiveSilosAsync(2);
        Assert.Equal(cluster.SiloAddresses.Order(), active);

        var texts = Enumerable.Range(0, Calls).Select(k => $"unit {k}").ToList();
        var echoes = await Task.WhenAll(texts.Select((text, k) => cluster.Client.GetGrain<IEchoGrain>(k).Say(text)));
        Assert.Equal(texts, echoes.Select(e => e.Text));
        Assert.All(echoes, e => Assert.Contains(e.Silo, active));
        Assert.Equal(2, echoes.Select(e => e.Silo).Distinct().Count());

        await whileRunning(cluster);
        await cluster.StopAsync();
    }

    /// <summary>Settings of <paramref name="kind"/> for a cluster of its own (a fresh cluster id), so tests never meet.</summary>
    public static MembershipSettings Fresh(MembershipKind kind) =>
        new() { Kind = kind, ClusterId = $"test-{Guid.NewGuid():N}", ServiceId = "elman-tests" };
}
