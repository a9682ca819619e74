using System.Net;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using StackExchange.Redis;

namespace Elman.Cluster.Membership;

/// <summary>
/// Puts <see cref="MembershipSettings"/> into an Orleans silo or client: the cluster's identity, the membership table of
/// <see cref="MembershipSettings.Kind"/>, the silo's endpoints and, when <see cref="MembershipSettings.Kubernetes"/>,
/// Kubernetes hosting. Both validate first, so a bad setting fails here with one line instead of inside Orleans' startup.
/// </summary>
public static class ClusterMembership
{
    /// <summary>Configures <paramref name="silo"/> to join the cluster <paramref name="membership"/> describes, listening on <paramref name="endpoints"/>.</summary>
    /// <exception cref="SettingException">A membership or endpoint setting is missing or malformed.</exception>
    public static ISiloBuilder ConfigureSilo(ISiloBuilder silo, MembershipSettings membership, SiloEndpoints endpoints)
    {
        membership.Validate();
        endpoints.Validate();
        if (membership.Kind == MembershipKind.Localhost)
        {
            SettingException.Require(endpoints.AdvertisedAddress is null || IPAddress.IsLoopback(endpoints.AdvertisedAddress),
                nameof(SiloEndpoints.AdvertisedAddress), endpoints.AdvertisedAddress, "a loopback address with Localhost membership");
            // Advertises 127.0.0.1 and makes the primary silo's table the membership table.
            return silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort, membership.PrimarySilo,
                membership.ServiceId, membership.ClusterId);
        }

        silo.Configure<ClusterOptions>(options => Identify(options, membership));
        if (membership.Kubernetes)
        {
            // Ports only: Kubernetes hosting advertises POD_IP, listens on every interface, and (registered after the
            // identity above) lets ORLEANS_CLUSTER_ID / ORLEANS_SERVICE_ID override it.
            silo.Configure<EndpointOptions>(options =>
            {
                options.SiloPort = endpoints.SiloPort;
                options.GatewayPort = endpoints.GatewayPort;
                if (endpoints.AdvertisedAddress is { } address) options.AdvertisedIPAddress = address;
            });
            silo.UseKubernetesHosting();
        }
        else if (endpoints.AdvertisedAddress is { } address)
        {
            // A loopback address keeps the silo private to this machine; any other one is reachable, so listen everywhere
            // (the address may belong to a NAT or a container's host).
            silo.ConfigureEndpoints(address, endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
        }
        else
        {
            silo.ConfigureEndpoints(endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
        }

        return membership.Kind switch
        {
            MembershipKind.Redis => silo.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(membership.RedisConfiguration!)),
            _ => silo.UseAdoNetClustering(options =>
            {
                options.Invariant = membership.AdoNetInvariant;
                options.ConnectionString = membership.AdoNetConnectionString;
            }),
        };
    }

    /// <summary>Configures <paramref name="client"/> to find the gateways of the cluster <paramref name="membership"/> describes.</summary>
    /// <exception cref="SettingException">A membership setting is missing or malformed.</exception>
    public static IClientBuilder ConfigureClient(IClientBuilder client, MembershipSettings membership)
    {
        membership.Validate();
        client.Configure<ClusterOptions>(options => Identify(options, membership));
        return membership.Kind switch
        {
            MembershipKind.Localhost => client.UseStaticClustering(
                membership.Gateways.Count > 0 ? [.. membership.Gateways] : [new IPEndPoint(IPAddress.Loopback, SiloEndpoints.DefaultGatewayPort)]),
            MembershipKind.Redis => client.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(membership.RedisConfiguration!)),
            _ => client.UseAdoNetClustering(options =>
            {
                options.Invariant = membership.AdoNetInvariant;
                options.ConnectionString = membership.AdoNetConnectionString;
            }),
        };
    }

    /// <summary>
    /// Creates (or brings up to date) the tables and queries Orleans' ADO.NET membership needs in the PostgreSQL
    /// database <paramref name="connectionString"/> names; the database itself must exist. Safe to run again: it creates
    /// only what is missing and rewrites the queries, keeping every membership row.
    /// </summary>
    public static Task CreatePostgresSchemaAsync(string connectionString, CancellationToken cancellationToken = default) =>
        PostgresMembershipSchema.CreateAsync(connectionString, cancellationToken);

    static void Identify(ClusterOptions options, MembershipSettings membership)
    {
        options.ClusterId = membership.ClusterId;
        options.ServiceId = membership.ServiceId;
    }
}
