using System.Diagnostics;
using Elman.IO;

namespace Elman.Tests.IO;

/// <summary>
/// Writes never destroy what they should not: special files, folders, dangling links and read-only files
/// are refused before anything is written, with one line naming the user's path (never the temp file);
/// a link to a regular file is followed and its target replaced, the link kept.
/// </summary>
public class OutputPathTests
{
    static readonly byte[] Content = [1, 2, 3];

    static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: {process.StandardError.ReadToEnd()}");
    }

    static ElmanException Refused(string path)
    {
        var e = Assert.Throws<ElmanException>(() => AtomicFile.WriteAllBytes(path, Content));
        Assert.StartsWith($"{path}: ", e.Message);
        Assert.DoesNotContain(".tmp", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void A_character_device_is_refused_and_stays_a_device()
    {
        if (OperatingSystem.IsWindows()) return;
        var e = Refused("/dev/null");
        Assert.Contains("character device", e.Message);
        Assert.Equal(FileKind.CharacterDevice, FileStatus.OfLink("/dev/null").Kind);
    }

    [Fact]
    public void A_fifo_is_refused_without_blocking_and_stays_a_fifo()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TempDirectory();
        string fifo = folder.File("out.safetensors");
        Run("mkfifo", fifo);
        Assert.Contains("FIFO", Refused(fifo).Message);
        Assert.Equal(FileKind.Fifo, FileStatus.OfLink(fifo).Kind);
        Assert.Single(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void A_folder_is_refused()
    {
        using var folder = new TempDirectory();
        Directory.CreateDirectory(folder.File("model.safetensors"));
        Assert.Contains("is a folder", Refused(folder.File("model.safetensors")).Message);
    }

    [Fact]
    public void A_read_only_file_is_refused_and_kept_even_for_root()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TempDirectory();
        string path = folder.File("model.safetensors");
        File.WriteAllBytes(path, [9]);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.Contains("read-only", Refused(path).Message);
        Assert.Equal([9], File.ReadAllBytes(path));
    }

    [Fact]
    public void A_dangling_link_is_refused_and_creates_nothing()
    {
        using var folder = new TempDirectory();
        string link = folder.File("out.onnx");
        File.CreateSymbolicLink(link, folder.File("nowhere/missing.onnx"));
        Assert.Contains("dangling", Refused(link).Message);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.False(Directory.Exists(folder.File("nowhere")));
    }

    [Fact]
    public void A_link_to_a_regular_file_replaces_the_target_and_keeps_the_link()
    {
        using var folder = new TempDirectory();
        Directory.CreateDirectory(folder.File("shared"));
        string target = folder.File("shared/model.safetensors"), link = folder.File("model.safetensors");
        File.WriteAllBytes(target, [9]);
        File.CreateSymbolicLink(link, target);

        AtomicFile.WriteAllBytes(link, Content);

        Assert.Equal(target, new FileInfo(link).ResolveLinkTarget(returnFinalTarget: true)!.FullName);
        Assert.Equal(Content, File.ReadAllBytes(target));
        Assert.Equal(["model.safetensors"], Directory.GetFiles(folder.File("shared")).Select(Path.GetFileName));
    }

    [Fact]
    public void An_empty_path_is_refused_with_one_line()
    {
        var e = Assert.Throws<ElmanException>(() => AtomicFile.WriteAllBytes("", Content));
        Assert.Equal("an output path is empty; expected a file name", e.Message);
        Assert.Throws<ElmanException>(() => OutputPath.Resolve("  "));
    }

    [Fact]
    public void A_missing_folder_names_the_users_path_not_the_temporary_file()
    {
        using var folder = new TempDirectory();
        string path = folder.File("nodir/x.onnx");
        Assert.Contains("does not exist", Refused(path).Message);
    }

    [Fact]
    public void A_new_path_and_a_writable_file_are_accepted()
    {
        using var folder = new TempDirectory();
        string path = folder.File("new.bin");
        Assert.Equal(path, OutputPath.Resolve(path));
        File.WriteAllBytes(path, [9]);
        Assert.Equal(path, OutputPath.Resolve(path));
    }

    [Fact]
    public void File_status_reports_identity_like_stat()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TempDirectory();
        string a = folder.File("a"), b = folder.File("b");
        File.WriteAllBytes(a, Content);
        Run("ln", a, b);   // a hard link: same device and inode, as stat(1) would say
        var (sa, sb) = (FileStatus.Of(a), FileStatus.Of(b));
        Assert.Equal(FileKind.Regular, sa.Kind);
        Assert.NotEqual(0, sa.Inode);
        Assert.Equal((sa.Device, sa.Inode), (sb.Device, sb.Inode));
        Assert.NotEqual(sa.Inode, FileStatus.Of(folder.Path).Inode);
        Assert.Equal(FileKind.Folder, FileStatus.Of(folder.Path).Kind);
        Assert.Equal(FileKind.Missing, FileStatus.Of(folder.File("c")).Kind);
    }
}
