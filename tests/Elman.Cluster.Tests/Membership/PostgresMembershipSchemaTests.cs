using System.Reflection;
using Elman.Cluster.Membership;
using Elman.Cluster.Tests.Membership.Servers;
using Npgsql;
using Orleans.Configuration;

namespace Elman.Cluster.Tests.Membership;

/// <summary>
/// The PostgreSQL membership schema (postgres-membership.sql) kept to Orleans' contract, query by query, the way
/// Orleans calls them: every query its ADO.NET provider requires is in the catalog, and the versioned writes succeed
/// exactly when the version they carry is current, also when writers race.
/// </summary>
[Collection(PostgresServerCollection.Name)]
public sealed class PostgresMembershipSchemaTests(PostgresServer postgres) : IAsyncLifetime
{
    const string Cluster = "c1";
    const int Joining = 2, Active = 3, Dead = 6; // Orleans' SiloStatus

    static readonly DateTime Start = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    string connectionString = "";
    Dictionary<string, string> catalog = [];

    public async Task InitializeAsync()
    {
        connectionString = await postgres.CreateDatabaseAsync();
        await ClusterMembership.CreatePostgresSchemaAsync(connectionString);
        catalog = await ReadCatalog();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void The_catalog_holds_every_query_the_orleans_provider_requires()
    {
        // Orleans' own list: DbStoredQueries has one internal property per query key it requires at start-up.
        var storedQueries = typeof(AdoNetClusteringSiloOptions).Assembly.GetType("Orleans.Clustering.AdoNet.Storage.DbStoredQueries", throwOnError: true)!;
        var required = storedQueries.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic).Select(p => p.Name).Order().ToList();
        Assert.NotEmpty(required);
        Assert.Equal(required, catalog.Keys.Order());
    }

    [Fact]
    public async Task The_version_row_is_created_once()
    {
        Assert.Equal(1, await Scalar("InsertMembershipVersionKey", Cluster));
        Assert.Equal(0, await Scalar("InsertMembershipVersionKey", Cluster));
        Assert.Equal(0, await Version(Cluster));
    }

    [Fact]
    public async Task A_silo_joins_only_with_the_current_version_and_only_once()
    {
        await Scalar("InsertMembershipVersionKey", Cluster);
        Assert.Equal(1, await Insert(Silo(port: 1), version: 0));
        Assert.Equal(1, await Version(Cluster));

        Assert.Equal(0, await Insert(Silo(port: 1), version: 1)); // the same incarnation again
        Assert.Equal(0, await Insert(Silo(port: 2), version: 0)); // a stale version
        Assert.Equal(1, await Version(Cluster));
        Assert.Equal([1], (await ReadAll(Cluster)).Select(r => r.Port));
    }

    [Fact]
    public async Task A_status_changes_only_with_the_current_version_and_only_for_an_existing_row()
    {
        await Scalar("InsertMembershipVersionKey", Cluster);
        await Insert(Silo(port: 1), version: 0);

        Assert.Equal(0, await Update(Silo(port: 1) with { Status = Dead }, version: 0));
        Assert.Equal(0, await Update(Silo(port: 9) with { Status = Dead }, version: 1));
        Assert.Equal((1, Joining, 1), await OnlyRow());

        Assert.Equal(1, await Update(Silo(port: 1) with { Status = Active, SuspectTimes = "S127.0.0.1:2:3,2026-01-02 03:04:05.000 GMT" }, version: 1));
        Assert.Equal((1, Active, 2), await OnlyRow());
        Assert.Equal("S127.0.0.1:2:3,2026-01-02 03:04:05.000 GMT", (await ReadAll(Cluster)).Single().SuspectTimes);
    }

    [Fact]
    public async Task A_silo_that_waited_for_a_racing_join_sees_the_new_version_and_writes_nothing()
    {
        await Scalar("InsertMembershipVersionKey", Cluster);
        await Insert(Silo(port: 1), version: 0);

        var (first, second) = await Race("InsertMembershipKey", InsertParameters(Silo(port: 10), version: 1), InsertParameters(Silo(port: 11), version: 1));

        Assert.Equal((1, 0), (first, second));
        Assert.Equal(2, await Version(Cluster));
        Assert.Equal([1, 10], (await ReadAll(Cluster)).Select(r => r.Port).Order());
    }

    [Fact]
    public async Task A_silo_that_waited_for_a_racing_update_sees_the_new_version_and_writes_nothing()
    {
        await Scalar("InsertMembershipVersionKey", Cluster);
        await Insert(Silo(port: 1), version: 0);
        await Insert(Silo(port: 2), version: 1);

        var (first, second) = await Race("UpdateMembershipKey",
            Parameters(Cluster, Silo(port: 1) with { Status = Active }, version: 2), Parameters(Cluster, Silo(port: 2) with { Status = Dead }, version: 2));

        Assert.Equal((1, 0), (first, second));
        Assert.Equal(3, await Version(Cluster));
        Assert.Equal([Active, Joining], (await ReadAll(Cluster)).OrderBy(r => r.Port).Select(r => r.Status));
    }

    /// <summary>
    /// Runs query <paramref name="key"/> with <paramref name="first"/> in an open transaction, starts it with
    /// <paramref name="second"/> on another connection, waits until the second is blocked on a lock, then commits the
    /// first: the interleaving a real race only sometimes produces. Returns both results.
    /// </summary>
    async Task<(int First, int Second)> Race(string key, Dictionary<string, object> first, Dictionary<string, object> second)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(catalog[key], connection, transaction);
        foreach (var (name, value) in first) command.Parameters.AddWithValue(name, value);
        int firstResult = Convert.ToInt32(await command.ExecuteScalarAsync());

        var secondResult = Scalar(key, second);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await SomeoneWaitsForALock())
        {
            Assert.False(secondResult.IsCompleted, "the second write finished without waiting for the first's lock");
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the second write did not start waiting within 30 s");
            await Task.Delay(20);
        }
        await transaction.CommitAsync();
        return (firstResult, await secondResult.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    async Task<bool> SomeoneWaitsForALock() =>
        Assert.Single(await Rows("SELECT count(*)::integer AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", [], raw: true))["waiting"] is int n && n > 0;

    [Fact]
    public async Task A_heartbeat_changes_the_alive_time_and_not_the_version()
    {
        await Scalar("InsertMembershipVersionKey", Cluster);
        await Insert(Silo(port: 1), version: 0);

        await Execute("UpdateIAmAlivetimeKey", Cluster, Silo(port: 1) with { IAmAliveTime = Start.AddMinutes(5) });

        Assert.Equal(Start.AddMinutes(5), (await ReadAll(Cluster)).Single().IAmAliveTime);
        Assert.Equal(1, await Version(Cluster));
    }

    [Fact]
    public async Task Reads_return_the_version_row_also_without_members()
    {
        await Scalar("InsertMembershipVersionKey", Cluster);

        var all = await Rows("MembershipReadAllKey", Parameters(Cluster));
        var one = await Rows("MembershipReadRowKey", Parameters(Cluster, Silo(port: 1)));

        foreach (var rows in new[] { all, one })
        {
            var row = Assert.Single(rows);
            Assert.Equal(0, row["version"]);
            Assert.Equal(DBNull.Value, row["starttime"]);
        }
    }

    [Fact]
    public async Task Reading_one_row_finds_that_silo_only()
    {
        await Scalar("InsertMembershipVersionKey", Cluster);
        await Insert(Silo(port: 1), version: 0);
        await Insert(Silo(port: 2), version: 1);

        var row = Assert.Single(await Rows("MembershipReadRowKey", Parameters(Cluster, Silo(port: 2))));

        Assert.Equal(2, row["port"]);
        Assert.Equal(2, row["version"]);
        Assert.Equal("silo-2", row["siloname"]);
        Assert.Equal(Start, row["starttime"]);
    }

    [Fact]
    public async Task Gateways_are_the_active_silos_with_a_proxy_port()
    {
        await Scalar("InsertMembershipVersionKey", Cluster);
        await Insert(Silo(port: 1) with { Status = Active }, version: 0);
        await Insert(Silo(port: 2) with { Status = Active, ProxyPort = 0 }, version: 1);
        await Insert(Silo(port: 3) with { Status = Dead }, version: 2);

        var gateways = await Rows("GatewaysQueryKey", Parameters(Cluster, status: Active));

        var gateway = Assert.Single(gateways);
        Assert.Equal(("127.0.0.1", 30001, 7), ((string)gateway["address"], (int)gateway["proxyport"], (int)gateway["generation"]));
    }

    [Fact]
    public async Task Cleanup_forgets_only_dead_silos_silent_since_the_date()
    {
        await Scalar("InsertMembershipVersionKey", Cluster);
        await Insert(Silo(port: 1) with { Status = Dead }, version: 0);
        await Insert(Silo(port: 2) with { Status = Dead, IAmAliveTime = Start.AddHours(2) }, version: 1);
        await Insert(Silo(port: 3) with { Status = Active }, version: 2);

        await Execute("CleanupDefunctSiloEntriesKey", Cluster, iAmAliveBefore: Start.AddHours(1));

        Assert.Equal([2, 3], (await ReadAll(Cluster)).Select(r => r.Port).Order());
    }

    [Fact]
    public async Task Deleting_a_cluster_leaves_the_others()
    {
        foreach (var cluster in new[] { Cluster, "c2" })
        {
            await Scalar("InsertMembershipVersionKey", cluster);
            await Insert(Silo(port: 1), version: 0, cluster);
        }

        await Execute("DeleteMembershipTableEntriesKey", Cluster);

        Assert.Empty(await Rows("MembershipReadAllKey", Parameters(Cluster)));
        Assert.Single(await ReadAll("c2"));
    }

    [Fact]
    public async Task Running_the_schema_again_keeps_the_rows()
    {
        await Scalar("InsertMembershipVersionKey", Cluster);
        await Insert(Silo(port: 1), version: 0);

        await ClusterMembership.CreatePostgresSchemaAsync(connectionString);

        Assert.Equal(1, await Version(Cluster));
        Assert.Single(await ReadAll(Cluster));
        Assert.Equal(catalog, await ReadCatalog());
    }

    /// <summary>One silo incarnation as Orleans writes it (127.0.0.1:port, generation 7, gateway on 30000 + port).</summary>
    sealed record SiloRow(int Port, int Status, int ProxyPort, string? SuspectTimes, DateTime IAmAliveTime)
    {
        public string Address => "127.0.0.1";
        public int Generation => 7;
    }

    static SiloRow Silo(int port) => new(port, Joining, 30000 + port, null, Start);

    Task<int> Insert(SiloRow silo, int version, string cluster = Cluster) => Scalar("InsertMembershipKey", InsertParameters(silo, version, cluster));

    static Dictionary<string, object> InsertParameters(SiloRow silo, int version, string cluster = Cluster)
    {
        var parameters = Parameters(cluster, silo, version);
        parameters["SiloName"] = $"silo-{silo.Port}";
        parameters["HostName"] = "host";
        parameters["StartTime"] = Start;
        return parameters;
    }

    Task<int> Update(SiloRow silo, int version) => Scalar("UpdateMembershipKey", Parameters(Cluster, silo, version));

    /// <summary>The parameters Orleans binds, by name, typed as it passes them (strings, ints, UTC DateTimes, null as DBNull).</summary>
    static Dictionary<string, object> Parameters(string cluster, SiloRow? silo = null, int? version = null, int? status = null, DateTime? iAmAliveBefore = null)
    {
        var parameters = new Dictionary<string, object> { ["DeploymentId"] = cluster };
        if (silo is not null)
        {
            parameters["Address"] = silo.Address;
            parameters["Port"] = silo.Port;
            parameters["Generation"] = silo.Generation;
            parameters["Status"] = silo.Status;
            parameters["ProxyPort"] = silo.ProxyPort;
            parameters["SuspectTimes"] = (object?)silo.SuspectTimes ?? DBNull.Value;
            parameters["IAmAliveTime"] = silo.IAmAliveTime;
        }
        if (version is not null) parameters["Version"] = version;
        if (status is not null) parameters["Status"] = status;
        if (iAmAliveBefore is not null) parameters["IAmAliveTime"] = iAmAliveBefore;
        return parameters;
    }

    Task<int> Scalar(string key, string cluster) => Scalar(key, Parameters(cluster));

    async Task<int> Scalar(string key, Dictionary<string, object> parameters)
    {
        var row = Assert.Single(await Rows(key, parameters));
        Assert.Single(row);
        return Convert.ToInt32(row.Values.Single());
    }

    Task Execute(string key, string cluster, SiloRow? silo = null, DateTime? iAmAliveBefore = null) =>
        Rows(key, Parameters(cluster, silo, iAmAliveBefore: iAmAliveBefore));

    /// <summary>Runs the catalog's query <paramref name="key"/> (or, <paramref name="raw"/>, the SQL itself) and returns every row by column name.</summary>
    async Task<List<Dictionary<string, object>>> Rows(string key, Dictionary<string, object> parameters, bool raw = false)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(raw ? key : catalog[key], connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var rows = new List<Dictionary<string, object>>();
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
                rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, reader.GetValue));
        } while (await reader.NextResultAsync());
        return rows;
    }

    async Task<List<SiloRow>> ReadAll(string cluster) =>
        (await Rows("MembershipReadAllKey", Parameters(cluster)))
            .Where(r => r["starttime"] is not DBNull)
            .Select(r => new SiloRow((int)r["port"], (int)r["status"], (int)r["proxyport"], r["suspecttimes"] as string, (DateTime)r["iamalivetime"]))
            .ToList();

    async Task<int> Version(string cluster) => (int)(await Rows("MembershipReadAllKey", Parameters(cluster)))[0]["version"];

    async Task<(int Port, int Status, int Version)> OnlyRow() =>
        ((await ReadAll(Cluster)).Single().Port, (await ReadAll(Cluster)).Single().Status, await Version(Cluster));

    async Task<Dictionary<string, string>> ReadCatalog()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey, QueryText FROM OrleansQuery", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var queries = new Dictionary<string, string>();
        while (await reader.ReadAsync()) queries[reader.GetString(0)] = reader.GetString(1);
        return queries;
    }
}
