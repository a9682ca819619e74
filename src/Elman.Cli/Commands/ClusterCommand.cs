using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using Elman.Cluster;
using Elman.Cluster.Client;
using Elman.Cluster.Grains;
using Elman.Cluster.Hosting;
using Elman.Cluster.Membership;
using Elman.Datasets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman cluster silo</c> runs a silo in the foreground; <c>elman cluster status</c> lists the silos and their units;
/// <c>elman cluster init-schema</c> prepares a PostgreSQL database for ADO.NET membership.
/// </summary>
static class ClusterCommand
{
    public static Command Create() => new("cluster", "Run Elman's units of work (ensemble members, long-range cells, prediction shards) on an Orleans cluster of many machines: start silos, see what they do")
    {
        Silo(), Status(), InitSchema(),
    };

    static Command Silo()
    {
        var port = new Option<int>("--port") { Description = "Port silos talk to each other on", DefaultValueFactory = _ => SiloEndpoints.DefaultSiloPort };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Port clients (--cluster HOST:PORT) connect to", DefaultValueFactory = _ => SiloEndpoints.DefaultGatewayPort };
        var primary = new Option<string?>("--primary") { Description = "--clustering localhost: HOST:PORT (silo port) of the first silo, which every other silo names; omit on the first silo itself" };
        var address = new Option<string?>("--address") { Description = "The IP address other machines reach this silo at (127.0.0.1: this machine only); default 127.0.0.1 with --clustering localhost, else one of the machine's addresses (in Kubernetes the pod's)" };
        var clustering = new Option<string>("--clustering")
        {
            Description = "How silos find each other: localhost (development clustering through the --primary silo), redis (a Redis server, --redis) or adonet (a PostgreSQL database, --connection-string)",
            DefaultValueFactory = _ => "localhost",
        };
        clustering.AcceptOnlyFromAmong("localhost", "redis", "adonet");
        var redis = new Option<string?>("--redis") { Description = "--clustering redis: the Redis server, HOST:PORT or a StackExchange.Redis configuration (\"HOST:PORT,password=…,ssl=true\")" };
        var connectionString = new Option<string?>("--connection-string") { Description = "--clustering adonet: the PostgreSQL connection string (\"Host=…;Database=…;Username=…;Password=…\"); the database needs 'elman cluster init-schema' first" };
        var clusterId = ClusterOptions.Id("--cluster-id", "The cluster's id: silos and clients with the same cluster and service id form one cluster");
        var serviceId = ClusterOptions.Id("--service-id", "The service's id, stable across redeployments of the cluster");
        var kubernetes = new Option<bool>("--kubernetes") { Description = "Run as a Kubernetes pod (name, address and cluster identity from the pod; needs redis or adonet); the default in a pod with redis or adonet" };
        var threads = new Option<int>("--threads") { Description = "Threads this silo offers; each unit runs on the thread count its job was given (--threads of train, long-range, predict)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("silo", "Run a silo in the foreground until Ctrl-C or SIGTERM, which leave the cluster cleanly")
        {
            port, gatewayPort, primary, address, clustering, redis, connectionString, clusterId, serviceId, kubernetes, threads,
        };
        command.SetAction(parse =>
        {
            var kind = parse.GetValue(clustering) switch { "redis" => MembershipKind.Redis, "adonet" => MembershipKind.AdoNet, _ => MembershipKind.Localhost };
            IPAddress? ip = parse.GetValue(address) is { } a ? (IPAddress.TryParse(a, out var parsed) ? parsed : throw new ElmanException($"--address: '{a}' is not an IP address")) : null;
            bool inPod = kind != MembershipKind.Localhost && parse.GetResult(kubernetes) is not { Implicit: false } && MembershipSettings.KubernetesDetected();
            // Validated here, for every kind, so that --redis without --clustering redis (and the like) is refused in one line.
            var membership = new MembershipSettings
            {
                Kind = kind,
                ClusterId = parse.GetValue(clusterId)!,
                ServiceId = parse.GetValue(serviceId)!,
                RedisConfiguration = parse.GetValue(redis),
                AdoNetConnectionString = parse.GetValue(connectionString),
                Kubernetes = parse.GetValue(kubernetes) || inPod,
            };
            membership.Validate();
            if (kind != MembershipKind.Localhost && parse.GetValue(primary) is not null)
                throw new ElmanException($"--primary names the first silo of --clustering localhost; with --clustering {parse.GetValue(clustering)} silos find each other in the membership table");
            var settings = new SiloSettings
            {
                Port = CommonOptions.InRange(parse.GetValue(port), "--port", 1, 65535),
                GatewayPort = CommonOptions.InRange(parse.GetValue(gatewayPort), "--gateway-port", 1, 65535),
                Address = ip ?? IPAddress.Loopback,
                Primary = parse.GetValue(primary) is { } p ? Resolve(p, "--primary") : null,
                Threads = CommonOptions.InRange(parse.GetValue(threads), "--threads", 1, 256),
                FileFolder = Path.Combine(CorpusCache.Default().Folder, "cluster-files"),
                ResultFolder = Path.Combine(CorpusCache.Default().Folder, "cluster-results"),
                ClusterId = membership.ClusterId,
                ServiceId = membership.ServiceId,
            };
            if (kind == MembershipKind.Localhost) return RunSilo(settings, null, settings.Primary is null ? " as its primary" : $" through {settings.Primary}");
            var endpoints = new SiloEndpoints(settings.Port, settings.GatewayPort, ip);
            endpoints.Validate();
            string table = kind == MembershipKind.Redis ? "Redis" : "PostgreSQL";
            return RunSilo(settings, silo => ClusterMembership.ConfigureSilo(silo, membership, endpoints),
                $" through its {table} membership table{(membership.Kubernetes ? " (Kubernetes hosting)" : "")}");
        });
        return command;
    }

    static int RunSilo(SiloSettings settings, Action<ISiloBuilder>? membership, string joinedThrough)
    {
        var log = (string line) => Console.Out.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
        using var host = SiloHost.Build(settings, NpmCorpora.Default(log), membership, log);
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
                throw new ElmanException($"the silo could not start on port {settings.Port} (gateway {settings.GatewayPort}){joinedThrough}: {e.GetBaseException().Message}", e);
            }
            var local = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
            log($"silo {local.Endpoint} (gateway {settings.GatewayPort}, pid {Environment.ProcessId}, {settings.Threads} thread{(settings.Threads == 1 ? "" : "s")}) joined cluster '{settings.ClusterId}'" +
                $"{joinedThrough}; Ctrl-C leaves");
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

    static Command InitSchema()
    {
        var connectionString = new Option<string>("--connection-string") { Description = "The PostgreSQL connection string (\"Host=…;Database=…;Username=…;Password=…\"); the database must exist", Required = true };
        var command = new Command("init-schema", "Create (or bring up to date) the tables and queries of Orleans' ADO.NET membership in a PostgreSQL database, for --clustering adonet; safe to run again, it keeps every row")
        {
            connectionString,
        };
        command.SetAction(parse =>
        {
            var membership = new MembershipSettings { Kind = MembershipKind.AdoNet, AdoNetConnectionString = parse.GetValue(connectionString) };
            membership.Validate();
            var database = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = membership.AdoNetConnectionString };
            string where = $"{database["Host"]}{(database.TryGetValue("Database", out var name) ? $", database {name}" : "")}";
            try
            {
                ClusterMembership.CreatePostgresSchemaAsync(membership.AdoNetConnectionString!).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException)
            {
                throw new ElmanException($"--connection-string: cannot create the membership schema on {where}: {e.Message}", e);
            }
            AnsiConsole.MarkupLine(Markup.Escape($"the membership schema is in place on {where}"));
            return CommandRunner.Ok;
        });
        return command;
    }

    static Command Status()
    {
        var cluster = ClusterOptions.Required();
        var command = new Command("status", "List the cluster's active silos (address, process, threads) and the units waiting or running on each");
        cluster.AddTo(command);
        command.SetAction(parse => cluster.With(parse, connection =>
        {
            var client = connection.Client;
            var hosts = client.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true).GetAwaiter().GetResult();
            AnsiConsole.MarkupLine($"{hosts.Length} active silo{(hosts.Length == 1 ? "" : "s")} in cluster '{Markup.Escape(parse.GetValue(cluster.ClusterId)!)}' (through {Markup.Escape(connection.Address)})");
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
