using Elman.Cluster.Hosting;
using Elman.Cluster.Units;
using Elman.Tests.IO;

namespace Elman.Cluster.Tests.Units;

public sealed class UnitResultStoreTests
{
    static readonly string Key = new string('a', 64);

    static UnitResult Result(string key) => new(key, [1, 2, 3, 250], "127.0.0.1:11111@1", 4242, "vm", TimeSpan.FromTicks(123_456_789));

    [Fact]
    public void AKeptResultComesBackWhole()
    {
        using var folder = new TempDirectory();
        var store = new UnitResultStore(folder.File("results"));
        Assert.Null(store.Find(Key));
        store.Keep(Result(Key));
        var found = new UnitResultStore(folder.File("results")).Find(Key)!;
        Assert.Equal(Result(Key) with { Payload = found.Payload }, found);
        Assert.Equal(Result(Key).Payload, found.Payload);
    }

    [Theory]
    [InlineData(1)]     // truncated payload
    [InlineData(10)]    // truncated header
    [InlineData(1000)]  // nothing but a length
    public void ATornFileIsIgnored(int cut)
    {
        using var folder = new TempDirectory();
        var store = new UnitResultStore(folder.Path);
        store.Keep(Result(Key));
        string path = folder.File(Key + ".result");
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..Math.Max(4, bytes.Length - cut)]);
        Assert.Null(store.Find(Key));
    }

    [Fact]
    public void AFileUnderAnotherKeysNameIsIgnored()
    {
        using var folder = new TempDirectory();
        var store = new UnitResultStore(folder.Path);
        string other = new('b', 64);
        store.Keep(Result(other));
        File.Move(folder.File(other + ".result"), folder.File(Key + ".result"));
        Assert.Null(store.Find(Key));
    }
}
