namespace Elman.Cluster.Tests.Membership.Servers;

/// <summary>
/// Finds the server programs the membership tests need. A missing one fails the test with the command that installs
/// it: CI (.ci/run) installs both, so a skipped membership test can never pass unnoticed.
/// </summary>
static class Executables
{
    public static string RedisServer() =>
        OnPath("redis-server") ?? throw Missing("redis-server", "redis-server");

    /// <summary>The directory holding postgres and initdb: Debian's /usr/lib/postgresql/&lt;newest&gt;/bin, else PATH.</summary>
    public static string PostgresBin()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "postgres")) && File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        if (debian is not null) return debian;
        var onPath = OnPath("initdb");
        if (onPath is not null && File.Exists(Path.Combine(Path.GetDirectoryName(onPath)!, "postgres"))) return Path.GetDirectoryName(onPath)!;
        throw Missing("PostgreSQL's postgres and initdb", "postgresql");
    }

    static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    static Exception Missing(string what, string package) =>
        new InvalidOperationException($"{what} is not installed; the membership tests start it themselves. Install it with: apt-get install -y --no-install-recommends {package}");
}
