using Elman.Cluster.Hosting;
using Elman.Cluster.Units;
using Elman.Tests.IO;

namespace Elman.Cluster.Tests.Units;

public sealed class WorkUnitTests
{
    static WorkUnit Unit(string description = "{}", int threads = 1, string label = "unit", params UnitFile[] files) => new(UnitKind.Member, label, description, threads, files);

    [Fact]
    public void TheKeyIsEverythingTheResultDependsOnAndNothingElse()
    {
        var file = UnitFile.FromBytes("data.csv", [1, 2, 3]);
        string key = Unit("{\"member\":0}", 1, "member 1/4", file).Key;
        Assert.Equal(key, Unit("{\"member\":0}", 1, "another label", file).Key);
        Assert.NotEqual(key, Unit("{\"member\":1}", 1, "member 1/4", file).Key);
        Assert.NotEqual(key, Unit("{\"member\":0}", 2, "member 1/4", file).Key);
        Assert.NotEqual(key, Unit("{\"member\":0}", 1, "member 1/4", UnitFile.FromBytes("data.csv", [1, 2, 4])).Key);
        Assert.NotEqual(key, Unit("{\"member\":0}", 1, "member 1/4", UnitFile.FromBytes("other.csv", [1, 2, 3])).Key);
        Assert.NotEqual(key, (Unit("{\"member\":0}", 1, "member 1/4", file) with { Kind = UnitKind.LongRangeCell }).Key);
        Assert.Matches("^[0-9a-f]{64}$", key);
    }

    [Fact]
    public void AFileWhoseBytesChangedOnTheWayIsRefused()
    {
        var file = UnitFile.FromBytes("data.csv", [1, 2, 3]);
        var altered = file with { Bytes = [1, 2, 9] };
        Assert.True(Unit(files: file).FilesIntact());
        Assert.False(Unit(files: altered).FilesIntact());
        using var folder = new TempDirectory();
        var error = Assert.Throws<ElmanException>(() => new UnitFileStore(folder.Path).Materialise([altered]));
        Assert.Contains("data.csv", error.Message);
        Assert.Contains(file.Sha256, error.Message);
    }

    [Fact]
    public void TheStoreKeepsAFileOnceByContentUnderItsOwnName()
    {
        using var folder = new TempDirectory();
        var store = new UnitFileStore(folder.Path);
        var file = UnitFile.FromBytes("/home/someone/data/texts.csv", "text,label\na,b\n"u8.ToArray());
        string local = store.Materialise([file])[file.Name];
        Assert.Equal(Path.Combine(folder.Path, file.Sha256, "texts.csv"), local);
        Assert.Equal(file.Bytes, File.ReadAllBytes(local));
        Assert.Equal(local, store.Materialise([file])[file.Name]);
        Assert.Single(Directory.GetDirectories(folder.Path));
    }
}
