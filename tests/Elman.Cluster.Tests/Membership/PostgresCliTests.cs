using Elman.Cluster.Tests.Support;
using Elman.Cluster.Tests.Membership.Servers;

namespace Elman.Cluster.Tests.Membership;

/// <summary>
/// The CLI on PostgreSQL membership, end to end: <c>elman cluster init-schema</c> on a fresh database, silos started with
/// <c>--clustering adonet --connection-string …</c>, clients with <c>--cluster adonet:…</c>.
/// </summary>
[Collection(PostgresServerCollection.Name)]
public sealed class PostgresCliTests(PostgresServer postgres)
{
    [Fact]
    public async Task Init_schema_then_silos_and_clients_meet_in_postgresql_and_an_ensemble_is_the_local_run_byte_for_byte()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var init = Elman.Tests.Support.CliProcess.Run("cluster", "init-schema", "--connection-string", connectionString);
        Assert.True(init.ExitCode == 0, init.ToString());
        var again = Elman.Tests.Support.CliProcess.Run("cluster", "init-schema", "--connection-string", connectionString);
        Assert.True(again.ExitCode == 0, again.ToString());

        using var cluster = new CliMembershipCluster(["--clustering", "adonet", "--connection-string", connectionString], $"adonet:{connectionString}");
        cluster.AssertStatusAndEnsemble();
    }

    [Fact]
    public async Task Silos_refuse_a_database_without_the_schema_in_one_line()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var r = Elman.Tests.Support.CliProcess.Run("cluster", "silo", "--clustering", "adonet", "--connection-string", connectionString, "--address", "127.0.0.1",
            "--port", $"{FreePort.Next()}", "--gateway-port", $"{FreePort.Next()}");
        Elman.Tests.Support.CliProcess.AssertUsageError(r, "the silo could not start");
    }
}
