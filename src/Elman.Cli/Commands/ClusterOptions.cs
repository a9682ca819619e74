using System.CommandLine;
using Elman.Cluster;
using Elman.Cluster.Client;
using Elman.Cluster.Hosting;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>--cluster</c> with the cluster's <c>--cluster-id</c> and <c>--service-id</c>, shared by the commands whose units
/// can run on a cluster and by <c>elman cluster status</c>, and the connection they open.
/// </summary>
sealed class ClusterOptions
{
    /// <summary>The options of a command whose <paramref name="units"/> can run on a cluster.</summary>
    public ClusterOptions(string units) => Address = new Option<string?>("--cluster")
    {
        Description = $"Send the {units} to an Elman cluster (silos started with 'elman cluster silo'), found through a gateway HOST:PORT or the silos' " +
            "membership table, redis://HOST:PORT or adonet:CONNECTION-STRING; results are identical to a local run with the same --threads, " +
            "and running the same command again collects units already computed",
    };

    ClusterOptions(Option<string?> address) => Address = address;

    /// <summary>The options of <c>elman cluster status</c>, where --cluster is required.</summary>
    public static ClusterOptions Required() => new(new Option<string?>("--cluster")
    {
        Description = $"The cluster: {ClusterTarget.Forms}",
        Required = true,
    });

    public Option<string?> Address { get; }

    public Option<string> ClusterId { get; } = Id("--cluster-id", "The cluster's id, as its silos were given");

    public Option<string> ServiceId { get; } = Id("--service-id", "The cluster's service id, as its silos were given");

    /// <summary>An id option defaulting to Elman's ("elman").</summary>
    public static Option<string> Id(string name, string description) => new(name) { Description = description, DefaultValueFactory = _ => ClusterInfo.DefaultClusterId };

    /// <summary>Adds the three options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(Address);
        command.Add(ClusterId);
        command.Add(ServiceId);
    }

    /// <summary>Whether --cluster was given.</summary>
    public bool Given(ParseResult parse) => parse.GetValue(Address) is not null;

    /// <summary>The cluster the command line names (--cluster must have been given).</summary>
    public ClusterTarget Target(ParseResult parse) => ClusterTarget.Parse(parse.GetValue(Address)!, parse.GetValue(ClusterId)!, parse.GetValue(ServiceId)!);

    /// <summary>Runs <paramref name="work"/> with a connection to the cluster the command line names, closed afterwards.</summary>
    public T With<T>(ParseResult parse, Func<ClusterConnection, T> work) => With(Target(parse), work);

    /// <summary>Connects to the cluster given to --cluster (one line naming it when nothing answers).</summary>
    public static ClusterConnection Connect(ClusterTarget target)
    {
        try
        {
            return target.Connect().GetAwaiter().GetResult();
        }
        catch (ElmanException e)
        {
            throw new ElmanException($"--cluster {target.Shown}: {e.Message}", e);
        }
    }

    /// <summary>A scheduler that prints each unit's progress as a grey line.</summary>
    public static UnitScheduler Scheduler(ClusterConnection connection)
        => new(connection.Client, line => AnsiConsole.MarkupLine($"[grey]  {Markup.Escape(line)}[/]"));

    /// <summary>Runs <paramref name="work"/> with a connection to <paramref name="target"/>, closed afterwards.</summary>
    public static T With<T>(ClusterTarget target, Func<ClusterConnection, T> work)
    {
        var connection = Connect(target);
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
