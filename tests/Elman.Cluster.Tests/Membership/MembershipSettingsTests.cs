using System.Net;
using Elman.Cluster.Membership;

namespace Elman.Cluster.Tests.Membership;

/// <summary>Bad membership settings fail before Orleans starts, with one line that begins with the setting's name.</summary>
public sealed class MembershipSettingsTests
{
    static readonly MembershipSettings Redis = new() { Kind = MembershipKind.Redis, RedisConfiguration = "127.0.0.1:6379" };
    static readonly MembershipSettings Postgres = new() { Kind = MembershipKind.AdoNet, AdoNetConnectionString = "Host=db;Database=elman;Username=elman;Password=hunter2" };

    public static TheoryData<string, MembershipSettings, string> BadSettings => new()
    {
        { "ClusterId", new MembershipSettings { ClusterId = " " }, "expected a non-empty id" },
        { "ServiceId", new MembershipSettings { ServiceId = "" }, "expected a non-empty id" },
        { "Kind", new MembershipSettings { Kind = (MembershipKind)7 }, "expected Localhost, Redis or AdoNet" },
        { "PrimarySilo", new MembershipSettings { PrimarySilo = new IPEndPoint(IPAddress.Parse("10.0.0.5"), 11111) }, "expected a loopback endpoint" },
        { "PrimarySilo", Redis with { PrimarySilo = new IPEndPoint(IPAddress.Loopback, 11111) }, "expected it only with Localhost membership" },
        { "Gateways", Postgres with { Gateways = [new IPEndPoint(IPAddress.Loopback, 30000)] }, "expected it only with Localhost membership" },
        { "Kubernetes", new MembershipSettings { Kubernetes = true }, "pods need Redis or AdoNet" },
        { "RedisConfiguration", Redis with { RedisConfiguration = null }, "expected host:port of the Redis server" },
        { "RedisConfiguration", Redis with { RedisConfiguration = "127.0.0.1:6379,nonsense=1" }, "is not a Redis configuration" },
        { "RedisConfiguration", Postgres with { RedisConfiguration = "127.0.0.1:6379" }, "expected it only with Redis membership" },
        { "AdoNetConnectionString", Postgres with { AdoNetConnectionString = "" }, "expected a PostgreSQL connection string" },
        { "AdoNetConnectionString", Postgres with { AdoNetConnectionString = "Hots=db;Password=hunter2" }, "is not a PostgreSQL connection string" },
        { "AdoNetConnectionString", Postgres with { AdoNetConnectionString = "Database=elman;Password=hunter2" }, "naming its Host" },
        { "AdoNetConnectionString", Redis with { AdoNetConnectionString = "Host=db" }, "expected it only with AdoNet membership" },
        { "AdoNetInvariant", Postgres with { AdoNetInvariant = "System.Data.SqlClient" }, "expected Npgsql" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_is_named_in_one_line(string property, MembershipSettings settings, string expected)
    {
        var e = Assert.Throws<SettingException>(settings.Validate);

        Assert.Equal(property, e.Property);
        Assert.StartsWith(property + " ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }

    public static TheoryData<MembershipSettings> GoodSettings => new()
    {
        new MembershipSettings(),
        new MembershipSettings { PrimarySilo = new IPEndPoint(IPAddress.Loopback, 11111), Gateways = [new IPEndPoint(IPAddress.Loopback, 30000)] },
        Redis,
        Redis with { RedisConfiguration = "redis.internal:6380,password=secret,ssl=true", Kubernetes = true },
        Postgres,
        Postgres with { Kubernetes = true, ClusterId = "prod", ServiceId = "elman-prod" },
    };

    [Theory]
    [MemberData(nameof(GoodSettings))]
    public void Good_settings_pass(MembershipSettings settings) => settings.Validate();

    public static TheoryData<string, SiloEndpoints, string> BadEndpoints => new()
    {
        { "SiloPort", new SiloEndpoints(SiloPort: 0), "expected a TCP port in 1..65535" },
        { "GatewayPort", new SiloEndpoints(GatewayPort: 70000), "expected a TCP port in 1..65535" },
        { "GatewayPort", new SiloEndpoints(SiloPort: 4000, GatewayPort: 4000), "expected a port other than SiloPort (4000)" },
    };

    [Theory]
    [MemberData(nameof(BadEndpoints))]
    public void A_bad_endpoint_is_named_in_one_line(string property, SiloEndpoints endpoints, string expected)
    {
        var e = Assert.Throws<SettingException>(endpoints.Validate);

        Assert.Equal(property, e.Property);
        Assert.StartsWith(property + " ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Localhost_membership_keeps_silos_on_loopback()
    {
        var e = Assert.Throws<SettingException>(() =>
            ClusterMembership.ConfigureSilo(new UnusedSiloBuilder(), new MembershipSettings(), new SiloEndpoints(AdvertisedAddress: IPAddress.Parse("10.0.0.5"))));

        Assert.Equal("AdvertisedAddress", e.Property);
        Assert.Contains("expected a loopback address with Localhost membership", e.Message);
    }

    /// <summary>A silo builder that is never reached: validation fails before ConfigureSilo touches it.</summary>
    sealed class UnusedSiloBuilder : Orleans.Hosting.ISiloBuilder
    {
        public Microsoft.Extensions.DependencyInjection.IServiceCollection Services => throw new InvalidOperationException("validation should have failed first");
        public Microsoft.Extensions.Configuration.IConfiguration Configuration => throw new InvalidOperationException("validation should have failed first");
    }
}
