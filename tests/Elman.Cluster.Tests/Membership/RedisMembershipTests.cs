using Elman.Cluster.Membership;
using Elman.Cluster.Tests.Membership.Servers;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Elman.Cluster.Tests.Membership;

/// <summary>Redis membership against a real redis-server the test starts (Debian's redis-server package).</summary>
public sealed class RedisMembershipTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Two_silos_and_a_client_find_each_other_through_redis()
    {
        var membership = TwoSiloScenario.Fresh(MembershipKind.Redis) with { RedisConfiguration = redis.Configuration };
        await TwoSiloScenario.RunAsync(membership, async cluster =>
        {
            // The table really is in Redis: one hash per cluster, a Version field and a field per silo.
            await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
            var key = RedisClusteringOptions.DefaultCreateRedisKey(new ClusterOptions { ClusterId = membership.ClusterId, ServiceId = membership.ServiceId });
            var fields = (await connection.GetDatabase().HashKeysAsync(key)).Select(f => f.ToString()).ToList();
            Assert.Contains("Version", fields);
            Assert.Equal(2, fields.Count(f => f != "Version"));
        });
    }
}
