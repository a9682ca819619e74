using Elman.Cluster.Tests.Membership.Servers;
using Elman.Cluster.Tests.Support;
using Elman.Tests.IO;
using Elman.Tests.Support;

namespace Elman.Cluster.Tests.Membership;

/// <summary>
/// Two <c>elman cluster silo</c> processes on loopback that find each other through a membership table (the silo options
/// <c>--clustering redis --redis …</c> or <c>--clustering adonet --connection-string …</c>), in a cluster of their own
/// (a fresh --cluster-id), and the clients that reach them through <see cref="Cluster"/> (<c>redis://…</c>, <c>adonet:…</c>).
/// The silos are killed on Dispose, whatever happened.
/// </summary>
sealed class CliMembershipCluster : IDisposable
{
    static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(90);

    readonly TempDirectory _folder = new();
    readonly List<ElmanProcess> _silos = [];

    /// <summary>The --cluster value clients use.</summary>
    public string Cluster { get; }

    /// <summary>The cluster's id, unique to this cluster, so clusters of several tests can share one server.</summary>
    public string ClusterId { get; } = $"cli-{Guid.NewGuid():N}";

    public IReadOnlyDictionary<string, string> Environment { get; }

    public IReadOnlyList<int> ProcessIds => _silos.Select(s => s.Id).ToList();

    public CliMembershipCluster(string[] membership, string cluster)
    {
        Cluster = cluster;
        Environment = new Dictionary<string, string> { ["ELMAN_DATA"] = _folder.File("cache") };
        try
        {
            var ports = FreePort.Take(4);
            for (int i = 0; i < 2; i++)
                _silos.Add(ElmanProcess.Start(_folder.Path, Environment,
                    ["cluster", "silo", .. membership, "--cluster-id", ClusterId, "--address", "127.0.0.1",
                     "--port", $"{ports[2 * i]}", "--gateway-port", $"{ports[2 * i + 1]}", "--threads", "1"]));
            foreach (var silo in _silos) silo.WaitFor("joined cluster", JoinTimeout);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>A path in the clients' folder.</summary>
    public string File(string name) => _folder.File(name);

    /// <summary>Runs <c>elman</c> to the end in the clients' folder.</summary>
    public CliProcess.Result Run(params string[] args) => CliProcess.RunWith(_folder.Path, Environment, args);

    /// <summary>Runs <c>elman … --cluster <see cref="Cluster"/> --cluster-id <see cref="ClusterId"/></c>.</summary>
    public CliProcess.Result RunOnCluster(params string[] args) => Run([.. args, "--cluster", Cluster, "--cluster-id", ClusterId]);

    /// <summary>
    /// What every membership must give: <c>cluster status</c> through the table lists both silos with their processes, and
    /// an ensemble trained on them is the local run's file byte for byte, its members computed by these silos.
    /// </summary>
    public void AssertStatusAndEnsemble()
    {
        var status = RunOnCluster("cluster", "status");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains($"2 active silos in cluster '{ClusterId}'", status.Stdout);
        foreach (int pid in ProcessIds) Assert.Contains($"pid {pid} ", status.Stdout);

        TextData.Write(File("texts.csv"), 300);
        string[] ensemble = ["train", "--data", "texts.csv", "--tokenizer", "char", "--hidden", "16", "--epochs", "2", "--patience", "0", "--ensemble", "2", "--threads", "1"];
        var local = Run([.. ensemble, "--out", "local.safetensors"]);
        Assert.True(local.ExitCode == 0, local.ToString());
        var remote = RunOnCluster([.. ensemble, "--out", "cluster.safetensors"]);
        Assert.True(remote.ExitCode == 0, remote.ToString());
        Assert.Equal(System.IO.File.ReadAllBytes(File("local.safetensors")), System.IO.File.ReadAllBytes(File("cluster.safetensors")));
        var pids = ClusterJobTests.DonePids(remote.Stdout);
        Assert.Equal(2, pids.Count);
        Assert.All(pids, pid => Assert.Contains(pid, ProcessIds));
    }

    public void Dispose()
    {
        foreach (var silo in Enumerable.Reverse(_silos)) silo.Dispose();
        _folder.Dispose();
    }
}
