using System.Text;
using Elman.Datasets;

namespace Elman.Tests.Datasets;

public sealed class TarGzArchiveTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("elman-tgz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Reads_the_wanted_files_without_the_package_folder()
    {
        string path = Path.Combine(_dir, "p.tgz");
        TarballBuilder.Write(path, [("data/a.txt", "alpha ü"), ("data/sub/b.json", "{}"), ("README.md", "readme"), ("data/empty.txt", "")]);
        var files = TarGzArchive.ReadFiles(path, name => name.StartsWith("data/", StringComparison.Ordinal));
        Assert.Equal(["data/a.txt", "data/empty.txt", "data/sub/b.json"], files.Keys.Order());
        Assert.Equal("alpha ü", Encoding.UTF8.GetString(files["data/a.txt"]));
        Assert.Empty(files["data/empty.txt"]);
    }

    [Theory]
    [InlineData(0)]      // empty file
    [InlineData(10)]     // truncated inside the gzip header
    [InlineData(-40)]    // truncated near the end
    public void Broken_archives_are_one_line_errors_naming_the_file(int keep)
    {
        string good = Path.Combine(_dir, "good.tgz"), bad = Path.Combine(_dir, "bad.tgz");
        TarballBuilder.Write(good, [("data/a.txt", new string('x', 5000))]);
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(bad, bytes[..(keep >= 0 ? keep : bytes.Length + keep)]);
        var e = Assert.ThrowsAny<ElmanException>(() => TarGzArchive.ReadFiles(bad, _ => true));
        Assert.Contains("bad.tgz", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Not_gzip_at_all_is_refused()
    {
        string path = Path.Combine(_dir, "plain.tgz");
        File.WriteAllText(path, "this is not an archive");
        Assert.Contains("plain.tgz", Assert.ThrowsAny<ElmanException>(() => TarGzArchive.ReadFiles(path, _ => true)).Message);
    }
}
