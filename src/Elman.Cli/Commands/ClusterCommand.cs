using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using Elman.Cluster;
using Elman.Cluster.Client;
using Elman.Cluster.Grains;
using Elman.Cluster.Hosting;
using Elman.Datasets;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary><c>elman cluster silo</c> runs a silo in the foreground; <c>elman cluster status</c> lists the silos and their units.</summary>
static class ClusterCommand
{
    public static Command Create() => new("cluster", "Run Elman's units of work (ensemble members, long-range cells, prediction shards) on an Orleans cluster of many machines: start silos, see what they do")
    {
        Silo(), Status(),
    };

    static Command Silo()
    {
        var port = new Option<int>("--port") { Description = "Port silos talk to each other on", DefaultValueFactory = _ => 11111 };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Port clients (--cluster HOST:PORT) connect to", DefaultValueFactory = _ => 30000 };
        var primary = new Option<string?>("--primary") { Description = "HOST:PORT (silo port) of the first silo, which every other silo names; omit on the first silo itself" };
        var address = new Option<string>("--address") { Description = "The IP address other machines reach this silo at (127.0.0.1: this machine only)", DefaultValueFactory = _ => "127.0.0.1" };
        var clustering = new Option<string>("--clustering") { Description = "How silos find each other: localhost (development clustering through the --primary silo)", DefaultValueFactory = _ => "localhost" };
        var threads = new Option<int>("--threads") { Description = "Threads this silo offers; each unit runs on the thread count its job was given (--threads of train, long-range, predict)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("silo", "Run a silo in the foreground until Ctrl-C or SIGTERM, which leave the cluster cleanly")
        {
            port, gatewayPort, primary, address, clustering, threads,
        };
        command.SetAction(parse =>
        {
            string mode = parse.GetValue(clustering)!;
            if (mode != "localhost") throw new ElmanException($"--clustering {mode}: this build knows 'localhost' (development clustering through --primary)");
            if (!IPAddress.TryParse(parse.GetValue(address), out var ip)) throw new ElmanException($"--address: '{parse.GetValue(address)}' is not an IP address");
            var settings = new SiloSettings
            {
                Port = CommonOptions.InRange(parse.GetValue(port), "--port", 1, 65535),
                GatewayPort = CommonOptions.InRange(parse.GetValue(gatewayPort), "--gateway-port", 1, 65535),
                Address = ip,
                Primary = parse.GetValue(primary) is { } p ? Resolve(p, "--primary") : null,
                Threads = CommonOptions.InRange(parse.GetValue(threads), "--threads", 1, 256),
                FileFolder = Path.Combine(CorpusCache.Default().Folder, "cluster-files"),
                ResultFolder = Path.Combine(CorpusCache.Default().Folder, "cluster-results"),
            };
            return RunSilo(settings);
        });
        return command;
    }

    static int RunSilo(SiloSettings settings)
    {
        var log = (string line) => Console.Out.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
        using var host = SiloHost.Build(settings, NpmCorpora.Default(log), log: log);
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        try
        {
            try
            {
                host.StartAsync().GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new ElmanException($"the silo could not start on port {settings.Port} (gateway {settings.GatewayPort}){(settings.Primary is null ? "" : $" with primary {settings.Primary}")}: {e.GetBaseException().Message}", e);
            }
            log($"silo {settings.Address}:{settings.Port} (gateway {settings.GatewayPort}, pid {Environment.ProcessId}, {settings.Threads} thread{(settings.Threads == 1 ? "" : "s")}) joined cluster '{ClusterInfo.DefaultClusterId}'" +
                $"{(settings.Primary is null ? " as its primary" : $" through {settings.Primary}")}; Ctrl-C leaves");
            stop.Token.WaitHandle.WaitOne();
            log("leaving the cluster");
            host.StopAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            log("left the cluster");
            return CommandRunner.Ok;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    static Command Status()
    {
        var cluster = new Option<string>("--cluster") { Description = "The gateway HOST:PORT of any silo", Required = true };
        var command = new Command("status", "List the cluster's active silos (address, process, threads) and the units waiting or running on each") { cluster };
        command.SetAction(parse => ClusterOptions.With(parse.GetValue(cluster)!, connection =>
        {
            var client = connection.Client;
            var hosts = client.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true).GetAwaiter().GetResult();
            AnsiConsole.MarkupLine($"{hosts.Length} active silo{(hosts.Length == 1 ? "" : "s")} in cluster '{ClusterInfo.DefaultClusterId}' (gateway {Markup.Escape(connection.Address)})");
            foreach (var host in hosts.OrderBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal))
            {
                var silo = host.SiloAddress;
                var report = Report(client, silo);
                string name = UnitScheduler.Name(silo.ToParsableString());
                if (report is null)
                {
                    AnsiConsole.MarkupLine($"  {Markup.Escape(name)}  {host.Status}  (its report did not arrive)");
                    continue;
                }
                AnsiConsole.MarkupLine(Markup.Escape($"  {name}  pid {report.ProcessId} on {report.Host}  {report.Threads} thread{(report.Threads == 1 ? "" : "s")}  " +
                    $"{report.Units.Count(u => u.State == Cluster.Units.UnitState.Running)} running, {report.Units.Count(u => u.State == Cluster.Units.UnitState.Queued)} queued" +
                    (report.Compute == Cluster.Units.ComputeSignature.Local ? "" : $"  (computes as '{report.Compute}', this machine as '{Cluster.Units.ComputeSignature.Local}': it gets no units from here)")));
                foreach (var unit in report.Units)
                    AnsiConsole.MarkupLine(Markup.Escape($"    {unit.State.ToString().ToLowerInvariant(),-8} {unit.Label}  ({unit.Key[..12]}, {unit.Threads} thread{(unit.Threads == 1 ? "" : "s")}, {unit.Seconds:F0} s)"));
            }
            return CommandRunner.Ok;
        }));
        return command;
    }

    static SiloReport? Report(IClusterClient client, SiloAddress silo)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            var report = client.GetGrain<ISiloGrain>(silo.ToParsableString()).Report().WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            return report.Silo == silo.ToParsableString() ? report : null;
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return null;
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    static IPEndPoint Resolve(string address, string option)
    {
        try
        {
            return ClusterConnection.Resolve(address).GetAwaiter().GetResult();
        }
        catch (ElmanException e)
        {
            throw new ElmanException($"{option}: {e.Message}", e);
        }
    }
}
