using Elman.Tests.IO;

namespace Elman.Cluster.Tests.Support;

/// <summary>
/// Three silos on loopback, each a separate <c>elman cluster silo</c> process with one thread and its own file
/// cache under a temporary ELMAN_DATA; the first is the primary and the clients' gateway. Shared by the tests of
/// one collection (they run one after another, so units from different tests never compete for the silos).
/// </summary>
public sealed class SiloCluster : IDisposable
{
    readonly List<ElmanProcess> _silos = [];

    readonly TempDirectory _folder = new();

    /// <summary>The folder clients run in (their files) and whose cache/ is every process's ELMAN_DATA.</summary>
    public string Folder => _folder.Path;

    /// <summary>A path in <see cref="Folder"/>.</summary>
    public string File(string name) => _folder.File(name);

    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The gateway, HOST:PORT.</summary>
    public string Gateway { get; }

    public int PrimaryPort { get; }

    /// <summary>The silos' process ids (the ones started here, not ones a test adds).</summary>
    public IReadOnlyList<int> ProcessIds => _silos.Select(s => s.Id).ToList();

    public SiloCluster()
    {
        Environment = new Dictionary<string, string> { ["ELMAN_DATA"] = _folder.File("cache") };
        // The three silos' six ports taken together, so no two can be the same.
        var ports = FreePort.Take(6);
        PrimaryPort = ports[0];
        Gateway = $"127.0.0.1:{ports[1]}";
        try
        {
            _silos.Add(StartSilo(PrimaryPort, ports[1], primary: null));
            _silos.Add(StartSilo(ports[2], ports[3], PrimaryPort));
            _silos.Add(StartSilo(ports[4], ports[5], PrimaryPort));
            foreach (var silo in _silos) silo.WaitFor("joined cluster", TimeSpan.FromSeconds(90));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Starts one more silo joining through the primary (not yet waited for).</summary>
    public ElmanProcess StartSilo(int port, int gatewayPort, int? primary)
    {
        var args = new List<string> { "cluster", "silo", "--port", $"{port}", "--gateway-port", $"{gatewayPort}", "--threads", "1" };
        if (primary is not null) args.AddRange(["--primary", $"127.0.0.1:{primary}"]);
        return ElmanProcess.Start(Folder, Environment, [.. args]);
    }

    /// <summary>Runs <c>elman</c> (a client) in the cluster's folder with its environment, to the end.</summary>
    public Elman.Tests.Support.CliProcess.Result Run(params string[] args) => Elman.Tests.Support.CliProcess.RunWith(Folder, Environment, args);

    public void Dispose()
    {
        foreach (var silo in Enumerable.Reverse(_silos)) silo.Dispose();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SiloClusterCollection : ICollectionFixture<SiloCluster>
{
    public const string Name = "silo cluster";
}
