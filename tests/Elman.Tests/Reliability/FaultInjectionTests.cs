using System.Diagnostics;
using Elman.IO;
using Elman.Model;
using Elman.Tests.IO;
using Xunit.Abstractions;

namespace Elman.Tests.Reliability;

/// <summary>
/// Writes under a full disk and a read-only file system, on a small tmpfs (root only; the test says so
/// and passes vacuously where mounting is denied): every failure is one line naming the user's path,
/// the existing file is intact and no temporary file is left behind.
/// </summary>
public sealed class FaultInjectionTests : IDisposable
{
    readonly TempDirectory _folder = new();
    readonly bool _mounted;

    public FaultInjectionTests(ITestOutputHelper output)
    {
        _mounted = OperatingSystem.IsLinux() && Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", _folder.Path);
        if (!_mounted) output.WriteLine($"FaultInjectionTests: cannot mount a tmpfs at {_folder.Path} (not root?); disk-full and read-only cases not run");
    }

    public void Dispose()
    {
        if (_mounted) Run("umount", _folder.Path);
        _folder.Dispose();
    }

    static bool Run(string program, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    static byte[] Good => Checkpoint.ToFile(RandomModel(3)).ToBytes();

    static RnnClassifier<float> RandomModel(int hidden) => RnnClassifier<float>.Create(new RnnConfig(0, 4, hidden, 1, 3), 1);

    [Fact]
    public void A_full_disk_leaves_the_existing_model_intact_and_names_the_users_path()
    {
        if (!_mounted) return;
        string path = _folder.File("model.safetensors");
        File.WriteAllBytes(path, Good);
        var big = RandomModel(150);   // ≈ 95 KB of weights: more than the 64 KB file system holds

        var e = Assert.Throws<ElmanException>(() => Checkpoint.Save(big, path));

        Assert.StartsWith($"{path}: cannot write: ", e.Message);
        Assert.DoesNotContain(".tmp", e.Message);
        Assert.Equal(Good, File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], Directory.GetFileSystemEntries(_folder.Path).Select(Path.GetFileName));
        Assert.NotNull(Checkpoint.Load<float>(path).Model);
    }

    [Fact]
    public void A_read_only_file_system_refuses_with_one_line_and_keeps_the_model()
    {
        if (!_mounted) return;
        string path = _folder.File("model.safetensors");
        File.WriteAllBytes(path, Good);
        Assert.True(Run("mount", "-o", "remount,ro", _folder.Path));

        var e = Assert.Throws<ElmanException>(() => Checkpoint.Save(RandomModel(3), path));

        Assert.StartsWith($"{path}: cannot write: ", e.Message);
        Assert.DoesNotContain(".tmp", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(Good, File.ReadAllBytes(path));
    }
}
