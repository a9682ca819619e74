using Elman.Cluster.Tests.Support;
using System.Diagnostics;
using Npgsql;

namespace Elman.Cluster.Tests.Membership.Servers;

/// <summary>
/// A throw-away PostgreSQL cluster: initdb into a fresh temp directory, postgres on a free loopback port with its socket
/// in that directory, trust authentication for the "postgres" role, durability off (the data dies with the test).
/// As root it runs as the "postgres" user (PostgreSQL refuses root) through setpriv, which execs, so the process
/// killed on Dispose is the postmaster itself.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    ServerProcess? server;
    readonly string directory = Path.Combine(Path.GetTempPath(), $"elman-pg-{Guid.NewGuid():N}");

    public int Port { get; } = FreePort.Next();

    /// <summary>A connection string to <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = false, Timeout = 10 }.ConnectionString;

    /// <summary>Creates a database with a fresh name and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"elman_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task InitializeAsync()
    {
        var bin = Executables.PostgresBin();
        var data = Path.Combine(directory, "data");
        try
        {
            Directory.CreateDirectory(directory);
            if (Environment.UserName == "root") GiveToPostgresUser(directory);
            await RunToEnd(AsServerUser(Path.Combine(bin, "initdb"), "-D", data, "--auth=trust", "--username=postgres", "--encoding=UTF8", "--locale=C", "--no-sync"));
            server = ServerProcess.Start(AsServerUser(Path.Combine(bin, "postgres"), "-D", data, "-k", directory, "-p", $"{Port}", "-h", "127.0.0.1",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
            await WaitUntilItAcceptsConnections();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    static ProcessStartInfo AsServerUser(string program, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.UserName == "root" ? "setpriv" : program);
        if (Environment.UserName == "root")
            foreach (var a in new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", "--reset-env", program }) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    static void GiveToPostgresUser(string path)
    {
        var chown = Process.Start(new ProcessStartInfo("chown", ["postgres:postgres", path]) { RedirectStandardError = true })!;
        string error = chown.StandardError.ReadToEnd();
        if (!chown.WaitForExit(10_000) || chown.ExitCode != 0)
            throw new InvalidOperationException($"chown postgres {path} failed (is there a postgres user? Debian's postgresql package creates it): {error}");
    }

    static async Task RunToEnd(ProcessStartInfo start)
    {
        using var process = ServerProcess.Start(start);
        var deadline = Stopwatch.StartNew();
        while (!process.HasExited)
        {
            if (deadline.Elapsed > StartTimeout) throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {StartTimeout.TotalSeconds} s:\n{process.Tail}");
            await Task.Delay(100);
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', start.ArgumentList)} failed with exit code {process.ExitCode}:\n{process.Tail}");
    }

    async Task WaitUntilItAcceptsConnections()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (server!.HasExited) throw new InvalidOperationException($"postgres exited during start-up:\n{server.Tail}");
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                await connection.OpenAsync();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                if (deadline.Elapsed > StartTimeout) throw new TimeoutException($"postgres did not accept connections on port {Port} within {StartTimeout.TotalSeconds} s ({e.Message}):\n{server.Tail}");
            }
            await Task.Delay(200);
        }
    }

    public Task DisposeAsync()
    {
        server?.Dispose();
        server = null;
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }
}
