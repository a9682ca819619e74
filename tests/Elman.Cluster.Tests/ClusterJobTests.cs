using System.Text.RegularExpressions;
using Elman.Cluster.Grains;
using Elman.Cluster.Hosting;
using Elman.Cluster.Units;
using Orleans.Runtime.Placement;
using Elman.Cluster.Tests.Support;
using Elman.Tests.Support;

namespace Elman.Cluster.Tests;

/// <summary>
/// Jobs sent to three silo processes on loopback, against the same command run locally: the bytes must be equal,
/// and the units must have run on more than one process.
/// </summary>
[Collection(SiloClusterCollection.Name)]
public sealed partial class ClusterJobTests(SiloCluster cluster)
{
    static readonly string[] Ensemble = ["train", "--data", "texts.csv", "--tokenizer", "char", "--hidden", "32", "--epochs", "3", "--patience", "0", "--ensemble", "4", "--threads", "1"];

    [Fact]
    public void StatusListsEveryActiveSiloWithItsProcess()
    {
        var status = cluster.Run("cluster", "status", "--cluster", cluster.Gateway);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("3 active silos", status.Stdout);
        foreach (int pid in cluster.ProcessIds) Assert.Contains($"pid {pid} ", status.Stdout);
    }

    [Fact]
    public async Task ASilosReportListsTheUnitRunningOnIt()
    {
        // What 'cluster status' prints per silo, asked every 20 ms from a client connected before the job starts,
        // while one member of a few seconds (3 s on one idle core) trains.
        await using var connection = await ClusterConnection.Connect(cluster.Gateway);
        var silos = (await connection.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys.ToList();
        TextData.Write(cluster.File("status.csv"), 2400, seed: 9);
        using var client = ElmanProcess.Start(cluster.Folder, cluster.Environment,
            "train", "--data", "status.csv", "--tokenizer", "char", "--hidden", "128", "--epochs", "40", "--patience", "0", "--threads", "1", "--seed", "3",
            "--out", "status.safetensors", "--cluster", cluster.Gateway);
        UnitReport? running = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (running is null && clock.Elapsed < TimeSpan.FromSeconds(90) && !client.Stdout.Contains("member 1/1 done"))
        {
            foreach (var silo in silos)
            {
                RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
                var report = await connection.Client.GetGrain<ISiloGrain>(silo.ToParsableString()).Report();
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
                running ??= report.Units.FirstOrDefault(u => u.State == UnitState.Running);
            }
            await Task.Delay(20);
        }
        Assert.True(running is not null, client.Stdout);
        Assert.Equal("member 1/1", running.Label);
        Assert.Equal(1, running.Threads);
        Assert.Matches("^[0-9a-f]{64}$", running.Key);
        Assert.True(client.WaitForExit(TimeSpan.FromSeconds(120)) == 0, client.Stdout + client.Stderr);
    }

    [Fact]
    public void EnsembleOnTheClusterIsTheLocalRunByteForByteAndRanOnSeveralProcesses()
    {
        TextData.Write(cluster.File("texts.csv"), 600);
        var local = cluster.Run([.. Ensemble, "--out", "local.safetensors"]);
        Assert.True(local.ExitCode == 0, local.ToString());
        var remote = cluster.Run([.. Ensemble, "--out", "cluster.safetensors", "--cluster", cluster.Gateway]);
        Assert.True(remote.ExitCode == 0, remote.ToString());

        Assert.Equal(File.ReadAllBytes(cluster.File("local.safetensors")), File.ReadAllBytes(cluster.File("cluster.safetensors")));
        var pids = DonePids(remote.Stdout);
        Assert.Equal(4, pids.Count);
        Assert.True(pids.Distinct().Count() >= 2, remote.Stdout);
        Assert.All(pids, pid => Assert.Contains(pid, cluster.ProcessIds));

        // A client that comes back (restarted, or simply run again) collects the members instead of training them again.
        var again = cluster.Run([.. Ensemble, "--out", "again.safetensors", "--cluster", cluster.Gateway]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(4, Regex.Matches(again.Stdout, "collected \\(computed earlier\\)").Count);
        Assert.Equal(File.ReadAllBytes(cluster.File("local.safetensors")), File.ReadAllBytes(cluster.File("again.safetensors")));
    }

    [Fact]
    public void LongRangeGridOnTheClusterWritesTheLocalResults()
    {
        string[] grid = ["experiment", "long-range", "--task", "temporal-order", "--lengths", "10", "--models", "tanh,irnn", "--seeds", "2",
            "--max-steps", "100", "--check-every", "50", "--hidden", "16", "--threads", "1"];
        var local = cluster.Run([.. grid, "--out", "grid-local"]);
        Assert.True(local.ExitCode == 0, local.ToString());
        var remote = cluster.Run([.. grid, "--out", "grid-cluster", "--cluster", cluster.Gateway]);
        Assert.True(remote.ExitCode == 0, remote.ToString());
        Assert.Equal(4, DonePids(remote.Stdout).Count);
        Assert.Equal(File.ReadAllText(cluster.File("grid-local/results.csv")), File.ReadAllText(cluster.File("grid-cluster/results.csv")));
    }

    [Fact]
    public void PredictionShardsComeBackInInputOrderAsTheLocalPredictions()
    {
        TextData.Write(cluster.File("predict-train.csv"), 300, seed: 5);
        var train = cluster.Run("train", "--data", "predict-train.csv", "--tokenizer", "char", "--hidden", "16", "--epochs", "2", "--threads", "1", "--out", "predictor.safetensors");
        Assert.True(train.ExitCode == 0, train.ToString());
        TextData.WriteLines(cluster.File("inputs.txt"), 500);
        string[] predict = ["predict", "-m", "predictor.safetensors", "--input", "inputs.txt", "--batch", "16", "--threads", "1"];
        var local = cluster.Run([.. predict, "--out", "local.jsonl"]);
        Assert.True(local.ExitCode == 0, local.ToString());
        var remote = cluster.Run([.. predict, "--out", "cluster.jsonl", "--shard-size", "100", "--cluster", cluster.Gateway]);
        Assert.True(remote.ExitCode == 0, remote.ToString());

        Assert.Equal(5, DonePids(remote.Stdout).Count);   // 100 rounds up to 112 = 7 batches of 16: shards of 112, 112, 112, 112, 52
        var lines = File.ReadAllLines(cluster.File("cluster.jsonl"));
        var inputs = File.ReadAllLines(cluster.File("inputs.txt"));
        Assert.Equal(inputs.Length, lines.Length);
        for (int i = 0; i < inputs.Length; i++) Assert.StartsWith($"{{\"text\":\"{inputs[i]}\"", lines[i]);
        Assert.Equal(File.ReadAllBytes(cluster.File("local.jsonl")), File.ReadAllBytes(cluster.File("cluster.jsonl")));
    }

    [Fact]
    public void AnUnreachableClusterIsOneLineNamingItsAddress()
    {
        string address = $"127.0.0.1:{FreePort.Next()}";
        var r = cluster.Run("cluster", "status", "--cluster", address);
        CliProcess.AssertUsageError(r, address);
    }

    /// <summary>The process ids in "… done on 127.0.0.1:P (pid N) …" lines, one per unit computed.</summary>
    internal static List<int> DonePids(string stdout) => DoneLine().Matches(stdout).Select(m => int.Parse(m.Groups["pid"].Value)).ToList();

    [GeneratedRegex(@"done on \S+ \(pid (?<pid>\d+)\)")]
    private static partial Regex DoneLine();
}
