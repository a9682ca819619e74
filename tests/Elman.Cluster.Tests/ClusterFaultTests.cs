using Elman.Cluster.Client;
using Elman.Cluster.Hosting;
using Elman.Cluster.Tests.Support;
using Elman.Cluster.Units;
using Elman.Runs;

namespace Elman.Cluster.Tests;

/// <summary>What goes wrong on a cluster: a silo killed in the middle of a unit, a unit that fails.</summary>
[Collection(SiloClusterCollection.Name)]
public sealed class ClusterFaultTests(SiloCluster cluster)
{
    [Fact]
    public void KillingASiloMidUnitStillGivesTheLocalBytes()
    {
        TextData.Write(cluster.File("fault.csv"), 1200, seed: 3);
        string[] job = ["train", "--data", "fault.csv", "--tokenizer", "char", "--hidden", "64", "--epochs", "10", "--patience", "0", "--ensemble", "4", "--threads", "1", "--seed", "7"];
        var victimPorts = FreePort.Take(2);
        int victimPort = victimPorts[0];
        using var victim = cluster.StartSilo(victimPort, victimPorts[1], cluster.PrimaryPort);
        victim.WaitFor("joined cluster", TimeSpan.FromSeconds(90));
        // The gateway lists it too before the job starts, so that the fourth member has a silo waiting for it.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!cluster.Run("cluster", "status", "--cluster", cluster.Gateway).Stdout.Contains("4 active silos"))
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the gateway never listed the fourth silo");

        using (var client = ElmanProcess.Start(cluster.Folder, cluster.Environment, [.. job, "--out", "fault-cluster.safetensors", "--cluster", cluster.Gateway]))
        {
            // Four silos with a thread each: one member goes to the victim, which dies as soon as it starts training it
            // (a member takes about a second on an idle core, the kill follows the victim's line within milliseconds).
            victim.WaitFor("started on 1 thread", TimeSpan.FromSeconds(90));
            victim.Kill();
            Assert.True(client.WaitForExit(TimeSpan.FromSeconds(120)) == 0, client.Stdout + client.Stderr);
            Assert.Contains("queued again", client.Stdout);
            var pids = ClusterJobTests.DonePids(client.Stdout);
            Assert.Equal(4, pids.Count);
            Assert.DoesNotContain(victim.Id, pids);
        }
        var local = cluster.Run([.. job, "--out", "fault-local.safetensors"]);
        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.Equal(File.ReadAllBytes(cluster.File("fault-local.safetensors")), File.ReadAllBytes(cluster.File("fault-cluster.safetensors")));
    }

    [Fact]
    public async Task AUnitWithBadDataFailsTheJobWithItsOneLineError()
    {
        // The client never reads this file (it sends the unit straight to the scheduler), so only the silo finds the bad row.
        string path = cluster.File("bad.csv");
        File.WriteAllText(path, "text,label\nabc,first\n\"unterminated,second\n");
        var run = new TrainingRun { Data = new TextFileData(path), Text = new TextSettings(), Threads = 1 };
        await using var connection = await ClusterConnection.Connect(cluster.Gateway);
        var scheduler = new UnitScheduler(connection.Client, _ => { });

        var error = await Assert.ThrowsAsync<ElmanException>(() => scheduler.RunAll([MemberUnits.Describe(run, 0)]).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.StartsWith("member 1/1 failed on 127.0.0.1:", error.Message);
        Assert.Contains("bad.csv:3:1: quoted field is never closed", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
