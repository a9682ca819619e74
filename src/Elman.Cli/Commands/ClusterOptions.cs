using System.CommandLine;
using Elman.Cluster.Client;
using Elman.Cluster.Hosting;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary><c>--cluster HOST:PORT</c>, shared by the commands whose units can run on a cluster, and the connection it opens.</summary>
static class ClusterOptions
{
    public static Option<string?> Cluster(string units) => new("--cluster")
    {
        Description = $"Send the {units} to the Elman cluster whose gateway is HOST:PORT (silos started with 'elman cluster silo'); results are identical to a local run with the same --threads, and running the same command again collects units already computed",
    };

    /// <summary>Connects to the gateway given to --cluster (one line naming the address when nothing answers).</summary>
    public static ClusterConnection Connect(string address)
    {
        try
        {
            return ClusterConnection.Connect(address).GetAwaiter().GetResult();
        }
        catch (ElmanException e)
        {
            throw new ElmanException($"--cluster {address}: {e.Message}", e);
        }
    }

    /// <summary>A scheduler that prints each unit's progress as a grey line.</summary>
    public static UnitScheduler Scheduler(ClusterConnection connection)
        => new(connection.Client, line => AnsiConsole.MarkupLine($"[grey]  {Markup.Escape(line)}[/]"));

    /// <summary>Runs <paramref name="work"/> with a connection to <paramref name="address"/>, closed afterwards.</summary>
    public static T With<T>(string address, Func<ClusterConnection, T> work)
    {
        var connection = Connect(address);
        try
        {
            return work(connection);
        }
        finally
        {
            connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
