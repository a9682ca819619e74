using Elman.Cluster.Tests.Membership.Servers;
using Elman.Tests.Support;

namespace Elman.Cluster.Tests.Membership;

/// <summary>
/// The CLI on Redis membership, end to end: silos started with <c>--clustering redis --redis 127.0.0.1:PORT</c>, clients
/// with <c>--cluster redis://127.0.0.1:PORT</c>, against a real redis-server the test starts.
/// </summary>
public sealed class RedisCliTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public void Silos_and_clients_meet_in_redis_and_an_ensemble_is_the_local_run_byte_for_byte()
    {
        using var cluster = new CliMembershipCluster(["--clustering", "redis", "--redis", redis.Configuration], $"redis://{redis.Configuration}");
        cluster.AssertStatusAndEnsemble();
    }

    [Theory]
    [InlineData("--redis", "cluster", "silo", "--clustering", "redis")]
    [InlineData("--redis", "cluster", "silo", "--redis", "127.0.0.1:6379")]
    [InlineData("--connection-string", "cluster", "silo", "--clustering", "adonet", "--connection-string", "Database=elman")]
    [InlineData("--kubernetes", "cluster", "silo", "--kubernetes")]
    [InlineData("--primary", "cluster", "silo", "--clustering", "redis", "--redis", "127.0.0.1:6379", "--primary", "127.0.0.1:11111")]
    [InlineData("--cluster redis://", "cluster", "status", "--cluster", "redis://")]
    [InlineData("--cluster adonet:", "cluster", "status", "--cluster", "adonet:Database=elman")]
    [InlineData("--cluster mongodb://db", "cluster", "status", "--cluster", "mongodb://db")]
    [InlineData("--cluster redis://", "train", "--cluster", "redis://,password=x")]
    public void A_bad_membership_option_is_one_line_naming_it(string named, params string[] args) =>
        CliProcess.AssertUsageError(CliProcess.Run(args), named);

    [Fact]
    public void A_password_is_never_repeated()
    {
        var r = CliProcess.Run("cluster", "status", "--cluster", "adonet:Host=127.0.0.1;Port=1;Database=elman;Password=hunter2");
        CliProcess.AssertUsageError(r, "--cluster adonet:Host=127.0.0.1;Port=1;Database=elman");
        Assert.DoesNotContain("hunter2", r.Stderr);
    }
}
