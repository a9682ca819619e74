using System.Net;
using Npgsql;
using StackExchange.Redis;

namespace Elman.Cluster.Membership;

/// <summary>
/// How the silos and clients of one Elman cluster find each other: the <see cref="Kind"/> of membership table and what
/// it needs (a Redis endpoint, a PostgreSQL connection string, or for <see cref="MembershipKind.Localhost"/> the primary
/// silo and the gateways), the cluster's identity, and whether silos run in Kubernetes pods.
/// </summary>
public sealed record MembershipSettings
{
    /// <summary>The ADO.NET provider invariant of PostgreSQL's driver, the one this package ships.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>Which membership table the cluster uses.</summary>
    public MembershipKind Kind { get; init; } = MembershipKind.Localhost;

    /// <summary>The cluster's id: silos and clients with the same id (and <see cref="ServiceId"/>) form one cluster.</summary>
    public string ClusterId { get; init; } = ClusterInfo.DefaultClusterId;

    /// <summary>The service's id, stable across redeployments of the cluster.</summary>
    public string ServiceId { get; init; } = ClusterInfo.DefaultClusterId;

    /// <summary>
    /// <see cref="MembershipKind.Localhost"/> only: the silo-to-silo endpoint of the primary silo on this machine; null
    /// makes this silo the primary.
    /// </summary>
    public IPEndPoint? PrimarySilo { get; init; }

    /// <summary>
    /// <see cref="MembershipKind.Localhost"/> only: the gateways a client connects to (127.0.0.1:30000 when empty). With
    /// a membership server, clients read the gateways from the table instead.
    /// </summary>
    public IReadOnlyList<IPEndPoint> Gateways { get; init; } = [];

    /// <summary>
    /// <see cref="MembershipKind.Redis"/>: where Redis is, "host:port" or a StackExchange.Redis configuration string
    /// ("host:port,password=…,ssl=true").
    /// </summary>
    public string? RedisConfiguration { get; init; }

    /// <summary><see cref="MembershipKind.AdoNet"/>: the ADO.NET provider invariant; only <see cref="NpgsqlInvariant"/> is shipped.</summary>
    public string AdoNetInvariant { get; init; } = NpgsqlInvariant;

    /// <summary><see cref="MembershipKind.AdoNet"/>: the PostgreSQL connection string, e.g. "Host=db;Database=elman;Username=elman;Password=…".</summary>
    public string? AdoNetConnectionString { get; init; }

    /// <summary>
    /// Silos run in Kubernetes pods (Microsoft.Orleans.Hosting.Kubernetes): the silo's name, address and cluster identity
    /// come from the pod (POD_NAME, POD_NAMESPACE, POD_IP, ORLEANS_CLUSTER_ID, ORLEANS_SERVICE_ID), and silos whose pod
    /// is gone leave the cluster. Needs a <see cref="MembershipKind.Redis"/> or <see cref="MembershipKind.AdoNet"/> table.
    /// </summary>
    public bool Kubernetes { get; init; }

    /// <summary>Whether this process runs in a Kubernetes pod: Kubernetes sets KUBERNETES_SERVICE_HOST in every container.</summary>
    public static bool KubernetesDetected() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"));

    /// <summary>
    /// Throws a <see cref="SettingException"/> naming the first setting that is missing, malformed or does not belong to
    /// <see cref="Kind"/>. Connection strings are never repeated in the message (they may hold passwords).
    /// </summary>
    public void Validate()
    {
        SettingException.Require(Enum.IsDefined(Kind), nameof(Kind), Kind, "Localhost, Redis or AdoNet");
        SettingException.Require(!string.IsNullOrWhiteSpace(ClusterId), nameof(ClusterId), ClusterId, "a non-empty id");
        SettingException.Require(!string.IsNullOrWhiteSpace(ServiceId), nameof(ServiceId), ServiceId, "a non-empty id");
        RequireOnlyWith(MembershipKind.Localhost, nameof(PrimarySilo), PrimarySilo is not null);
        RequireOnlyWith(MembershipKind.Localhost, nameof(Gateways), Gateways.Count > 0);
        RequireOnlyWith(MembershipKind.Redis, nameof(RedisConfiguration), RedisConfiguration is not null);
        RequireOnlyWith(MembershipKind.AdoNet, nameof(AdoNetConnectionString), AdoNetConnectionString is not null);
        switch (Kind)
        {
            case MembershipKind.Localhost:
                SettingException.Require(PrimarySilo is null || IPAddress.IsLoopback(PrimarySilo.Address), nameof(PrimarySilo), PrimarySilo,
                    "a loopback endpoint such as 127.0.0.1:11111 (Localhost membership stays on one machine)");
                SettingException.Require(!Kubernetes, nameof(Kubernetes), Kubernetes, "false with Localhost membership (pods need Redis or AdoNet)");
                break;
            case MembershipKind.Redis:
                ValidateRedis();
                break;
            case MembershipKind.AdoNet:
                SettingException.Require(AdoNetInvariant == NpgsqlInvariant, nameof(AdoNetInvariant), AdoNetInvariant,
                    $"{NpgsqlInvariant} (PostgreSQL, the ADO.NET driver Elman.Cluster ships)");
                ValidatePostgres();
                break;
        }
    }

    void RequireOnlyWith(MembershipKind kind, string property, bool isSet)
    {
        if (isSet && Kind != kind)
            throw new SettingException(property, $"{property} is set, but Kind is {Kind}; expected it only with {kind} membership");
    }

    void ValidateRedis()
    {
        if (string.IsNullOrWhiteSpace(RedisConfiguration))
            throw new SettingException(nameof(RedisConfiguration), $"{nameof(RedisConfiguration)} is empty, expected host:port of the Redis server");
        ConfigurationOptions parsed;
        try { parsed = ConfigurationOptions.Parse(RedisConfiguration); }
        catch (ArgumentException e)
        {
            throw new SettingException(nameof(RedisConfiguration), $"{nameof(RedisConfiguration)} is not a Redis configuration ({e.Message}), expected host:port[,option=value…]");
        }
        SettingException.Require(parsed.EndPoints.Count > 0, nameof(RedisConfiguration), "without an endpoint", "host:port of the Redis server");
    }

    void ValidatePostgres()
    {
        if (string.IsNullOrWhiteSpace(AdoNetConnectionString))
            throw new SettingException(nameof(AdoNetConnectionString), $"{nameof(AdoNetConnectionString)} is empty, expected a PostgreSQL connection string such as Host=db;Database=elman;Username=elman");
        NpgsqlConnectionStringBuilder parsed;
        try { parsed = new NpgsqlConnectionStringBuilder(AdoNetConnectionString); }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new SettingException(nameof(AdoNetConnectionString), $"{nameof(AdoNetConnectionString)} is not a PostgreSQL connection string ({FirstLine(e.Message)}), expected Key=Value pairs such as Host=db;Database=elman;Username=elman");
        }
        SettingException.Require(!string.IsNullOrWhiteSpace(parsed.Host), nameof(AdoNetConnectionString), "without a Host", "a PostgreSQL connection string naming its Host");
    }

    static string FirstLine(string message) => message.Split('\n')[0].TrimEnd('\r', '.');
}
