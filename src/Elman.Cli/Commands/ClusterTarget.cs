using System.Data.Common;
using Elman.Cluster.Hosting;
using Elman.Cluster.Membership;

namespace Elman.Cli.Commands;

/// <summary>
/// What <c>--cluster</c> names: one silo's gateway (<c>HOST:PORT</c>), or the membership table the silos share, from
/// which the client reads every gateway: <c>redis://HOST:PORT[,option=value…]</c> (a StackExchange.Redis configuration
/// after the scheme) or <c>adonet:CONNECTION-STRING</c> (PostgreSQL). <see cref="Shown"/> is what messages say: the
/// value without its password.
/// </summary>
sealed record ClusterTarget(string Shown, string? Gateway, MembershipSettings? Membership, string ClusterId, string ServiceId)
{
    const string RedisScheme = "redis://", AdoNetScheme = "adonet:";

    /// <summary>The forms <c>--cluster</c> takes, for messages.</summary>
    public const string Forms = "HOST:PORT (a gateway), redis://HOST:PORT or adonet:CONNECTION-STRING (the silos' membership table)";

    /// <summary>Parses a <c>--cluster</c> value for the cluster <paramref name="clusterId"/> / <paramref name="serviceId"/>.</summary>
    /// <exception cref="ElmanException">One line naming --cluster (or the id's flag) and what was expected.</exception>
    public static ClusterTarget Parse(string value, string clusterId, string serviceId)
    {
        if (string.IsNullOrWhiteSpace(clusterId)) throw new ElmanException("--cluster-id: expected a non-empty id");
        if (string.IsNullOrWhiteSpace(serviceId)) throw new ElmanException("--service-id: expected a non-empty id");
        if (value.StartsWith(RedisScheme, StringComparison.OrdinalIgnoreCase))
        {
            string configuration = value[RedisScheme.Length..];
            string shown = RedisScheme + string.Join(',', configuration.Split(',').Where(part => !part.Contains('=')));
            return Table(shown, new MembershipSettings { Kind = MembershipKind.Redis, RedisConfiguration = configuration, ClusterId = clusterId, ServiceId = serviceId },
                "the configuration after redis://");
        }
        if (value.StartsWith(AdoNetScheme, StringComparison.OrdinalIgnoreCase))
        {
            string connectionString = value[AdoNetScheme.Length..];
            return Table(AdoNetScheme + Describe(connectionString),
                new MembershipSettings { Kind = MembershipKind.AdoNet, AdoNetConnectionString = connectionString, ClusterId = clusterId, ServiceId = serviceId },
                "the connection string after adonet:");
        }
        if (value.Contains("://", StringComparison.Ordinal) || value.Length == 0)
            throw new ElmanException($"--cluster {value}: expected {Forms}");
        return new ClusterTarget(value, value, null, clusterId, serviceId);
    }

    static ClusterTarget Table(string shown, MembershipSettings membership, string part)
    {
        try
        {
            membership.Validate();
        }
        catch (SettingException e) when (e.Property is nameof(MembershipSettings.RedisConfiguration) or nameof(MembershipSettings.AdoNetConnectionString))
        {
            throw new ElmanException($"--cluster {shown}: {e.Message.Replace(e.Property, part, StringComparison.Ordinal)}", e);
        }
        return new ClusterTarget(shown, null, membership, membership.ClusterId, membership.ServiceId);
    }

    // "Host=db;Database=elman" of a connection string, never its password; the generic parser, since a malformed string
    // is Validate's to report.
    static string Describe(string connectionString)
    {
        try
        {
            var parsed = new DbConnectionStringBuilder { ConnectionString = connectionString };
            var kept = new[] { "Host", "Server", "Port", "Database" }.Where(parsed.ContainsKey).Select(key => $"{key}={parsed[key]}");
            return string.Join(';', kept);
        }
        catch (ArgumentException)
        {
            return "(malformed)";
        }
    }

    /// <summary>Connects to the cluster.</summary>
    /// <exception cref="ElmanException">Nothing answers; one line naming <see cref="Shown"/>.</exception>
    public Task<ClusterConnection> Connect() => Membership is { } membership
        ? ClusterConnection.Connect(Shown, membership: client => ClusterMembership.ConfigureClient(client, membership))
        : ClusterConnection.Connect(Gateway!, ClusterId, serviceId: ServiceId);
}
