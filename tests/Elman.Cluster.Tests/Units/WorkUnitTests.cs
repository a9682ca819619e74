using Elman.Cluster.Hosting;
using Elman.Cluster.Units;
using Elman.Tests.IO;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

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
        Assert.NotEqual(key, (Unit("{\"member\":0}", 1, "member 1/4", file) with { Compute = "arm64 vector128 vector-float4" }).Key);
        Assert.Matches("^[0-9a-f]{64}$", key);
    }

    [Fact]
    public void EveryFieldCrossesOrleansSerialisation()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var unit = Unit("{\"member\":2}", 3, "member 3/4", UnitFile.FromBytes("data.csv", [7, 8, 9])) with { Compute = "arm64 vector128 vector-float4" };
        var copy = serializer.Deserialize<WorkUnit>(serializer.SerializeToArray(unit))!;
        Assert.Equal((unit.Kind, unit.Label, unit.Description, unit.Threads, unit.Compute, unit.Key), (copy.Kind, copy.Label, copy.Description, copy.Threads, copy.Compute, copy.Key));
        Assert.Equal(unit.Files.Single().Bytes, copy.Files.Single().Bytes);
    }

    [Fact]
    public void ASiloThatComputesOtherwiseRefusesTheUnit()
    {
        using var folder = new TempDirectory();
        var work = new SiloWork(1, null!, new UnitFileStore(folder.Path), () => "silo");
        var unit = Unit("{}", 1, "member 1/1") with { Compute = "arm64 vector128 vector-float4" };
        var error = Assert.Throws<ElmanException>(() => work.Run(unit).GetAwaiter().GetResult());
        Assert.Equal($"member 1/1: this silo computes as '{ComputeSignature.Local}', the unit was described on a machine that computes as 'arm64 vector128 vector-float4'; its result would not be that machine's bytes", error.Message);
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
