using System.Text;
using Elman.IO;

namespace Elman.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void WritesNewFileAndReplacesExistingOne()
    {
        using var folder = new TempDirectory();
        string path = folder.File("out.bin");

        AtomicFile.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));

        AtomicFile.Write(path, stream => stream.Write([9, 8]));
        Assert.Equal([9, 8], File.ReadAllBytes(path));
        Assert.Equal(["out.bin"], FileNames(folder));
    }

    [Fact]
    public void WriteAllTextIsUtf8WithoutByteOrderMark()
    {
        using var folder = new TempDirectory();
        string path = folder.File("notes.txt");

        AtomicFile.WriteAllText(path, "héllo\n中文");

        Assert.Equal(Encoding.UTF8.GetBytes("héllo\n中文"), File.ReadAllBytes(path));
    }

    [Fact]
    public void FailedWriteLeavesTheTargetUnchangedAndNoTemporaryFile()
    {
        using var folder = new TempDirectory();
        string path = folder.File("model.safetensors");
        File.WriteAllBytes(path, [1, 2, 3, 4]);

        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write([7, 7, 7, 7, 7, 7, 7, 7]);
            stream.Flush();
            throw new InvalidOperationException("disk on fire");
        }));

        Assert.Equal("disk on fire", e.Message);
        Assert.Equal([1, 2, 3, 4], File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], FileNames(folder));
    }

    [Fact]
    public void FailedWriteOfANewFileLeavesNothingBehind()
    {
        using var folder = new TempDirectory();
        string path = folder.File("new.bin");

        var e = Assert.Throws<ElmanException>(() => AtomicFile.Write(path, _ => throw new IOException($"No space left on device : '{folder.Path}/.new.bin.x.tmp'")));

        Assert.StartsWith($"{path}: cannot write: No space left on device", e.Message);

        Assert.Empty(FileNames(folder));
    }

    [Fact]
    public void TheTemporaryFileIsHiddenInTheTargetsFolderWhileWriting()
    {
        using var folder = new TempDirectory();
        string path = folder.File("ckpt.safetensors");
        string[] during = [];

        AtomicFile.Write(path, stream => during = FileNames(folder));

        string temporary = Assert.Single(during);
        Assert.StartsWith(".ckpt.safetensors.", temporary);
        Assert.EndsWith(".tmp", temporary);
        Assert.Equal(["ckpt.safetensors"], FileNames(folder));
    }

    private static string[] FileNames(TempDirectory folder) =>
        Directory.GetFiles(folder.Path).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray();
}
