using Elman.Cluster.Membership;
using Elman.Cluster.Tests.Membership.Servers;
using Npgsql;

namespace Elman.Cluster.Tests.Membership;

/// <summary>ADO.NET membership against a real PostgreSQL server the test starts (Debian's postgresql package).</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class PostgresMembershipTests(PostgresServer postgres)
{
    const int Active = 3, Dead = 6; // Orleans' SiloStatus

    [Fact]
    public async Task Two_silos_and_a_client_find_each_other_through_postgresql()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await ClusterMembership.CreatePostgresSchemaAsync(connectionString);
        var membership = TwoSiloScenario.Fresh(MembershipKind.AdoNet) with { AdoNetConnectionString = connectionString };

        await TwoSiloScenario.RunAsync(membership, async cluster =>
            Assert.Equal([Active, Active], await Statuses(connectionString, membership.ClusterId)));

        // Leaving cleanly is recorded too: both silos marked themselves dead.
        Assert.Equal([Dead, Dead], await Statuses(connectionString, membership.ClusterId));
    }

    static async Task<List<int>> Statuses(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = @cluster ORDER BY Port", connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        var statuses = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) statuses.Add(reader.GetInt32(0));
        return statuses;
    }
}
