using System.Diagnostics;
using Elman.IO;

namespace Elman.Tests.IO;

/// <summary>One run per output: a second claim is refused naming the holder's PID; the claim dies with its process.</summary>
public class RunLockTests
{
    [Fact]
    public void A_second_claim_is_refused_naming_the_first_ones_pid_and_released_on_dispose()
    {
        using var folder = new TempDirectory();
        string output = folder.File("m.safetensors");
        using (var first = RunLock.Acquire(output, folder.File("m.safetensors.checkpoints")))
        {
            Assert.True(File.Exists(output + ".lock"));
            var e = Assert.Throws<ElmanException>(() => RunLock.Acquire(output));
            Assert.StartsWith($"{output}: another run", e.Message);
            if (OperatingSystem.IsLinux()) Assert.Contains($"(PID {Environment.ProcessId})", e.Message);
            Assert.Throws<ElmanException>(() => RunLock.Acquire(folder.File("other"), folder.File("m.safetensors.checkpoints/")));
            Assert.False(File.Exists(folder.File("other.lock")));   // all or nothing
        }
        Assert.False(File.Exists(output + ".lock"));
        using var again = RunLock.Acquire(output);
    }

    [Fact]
    public void A_lock_held_by_another_process_is_refused_and_freed_when_that_process_is_killed()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var folder = new TempDirectory();
        string output = folder.File("m.safetensors");
        // flock(1) takes the same flock(2) lock .NET uses for FileShare.None.
        using var holder = Process.Start("flock", ["-x", output + ".lock", "sleep", "60"]);
        try
        {
            string pid = $" {holder.Id} ";
            for (int i = 0; i < 200 && !File.ReadAllText("/proc/locks").Contains(pid); i++) Thread.Sleep(25);
            var refused = Assert.Throws<ElmanException>(() => RunLock.Acquire(output));
            Assert.Contains($"(PID {holder.Id})", refused.Message);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);   // SIGKILL: the lock dies with the process
            holder.WaitForExit();
        }
        // The killed holder's child (sleep) closes its inherited descriptor when the kernel reaps it.
        RunLock? mine = null;
        for (int i = 0; i < 200 && mine is null; i++)
        {
            try { mine = RunLock.Acquire(output); }
            catch (ElmanException) { Thread.Sleep(25); }
        }
        Assert.NotNull(mine);
        Assert.Equal([output], mine.Outputs);
        mine.Dispose();
    }

    [Fact]
    public void A_special_file_in_place_of_the_lock_file_is_refused()
    {
        using var folder = new TempDirectory();
        Directory.CreateDirectory(folder.File("m.lock"));
        var e = Assert.Throws<ElmanException>(() => RunLock.Acquire(folder.File("m")));
        Assert.Contains("is a folder", e.Message);
    }
}
