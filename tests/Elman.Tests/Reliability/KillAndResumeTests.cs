using System.Diagnostics;
using Elman.IO;
using Elman.Numerics;
using Elman.Tests.Support;
using Elman.Training;

namespace Elman.Tests.Reliability;

/// <summary>
/// A training run killed with SIGKILL at random moments (checkpointing every few steps, so some kills land
/// mid-write) always leaves a loadable latest checkpoint, and resuming ends with a model file that is
/// byte-identical to an uninterrupted run's. Ctrl-C stops cleanly after writing a checkpoint.
/// </summary>
// Runs apart from the resume fuzzer / kill test: their CPU load would starve the other's timed child processes.
[Collection("CPU-heavy reliability runs")]
public sealed class KillAndResumeTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("elman-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A few seconds of training: long enough for kills and Ctrl-C to land mid-run.
    static readonly string[] Run = ["train", "--epochs", "12", "--length", "60", "--train-size", "4000", "--test-size", "200", "--hidden", "128", "--threads", "1"];

    string[] Args(string output, params string[] more) => [.. Run, "--out", Path.Combine(_dir, output), .. more];

    // Returns once the run has printed its first line (its data are built, training begins), so that the
    // random kill delays below measure training time, not the process start-up a loaded machine stretches.
    static Process Start(string workingDirectory, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "elman.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        var process = Process.Start(start)!;
        var started = new ManualResetEventSlim();   // not disposed: the output handler may still set it later
        process.OutputDataReceived += (_, _) => started.Set();
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (!started.Wait(100) && !process.HasExited) { }
        return process;
    }

    static void WaitForFirstCheckpoint(Process process, string folder)
    {
        var deadline = Stopwatch.StartNew();
        while (!process.HasExited && !(Directory.Exists(folder) && CheckpointFolder.Latest(folder) is not null))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), "no checkpoint within 2 minutes of the run's start");
            Thread.Sleep(20);
        }
    }

    [Fact]
    public void Ten_sigkills_then_resume_give_a_model_identical_to_an_uninterrupted_run()
    {
        var reference = CliProcess.RunIn(_dir, Args("reference.safetensors"));
        Assert.True(reference.ExitCode == 0, reference.ToString());

        string folder = Path.Combine(_dir, "run.safetensors.checkpoints");
        var random = new SeededRandom(2026);
        int kills = 0, tornWrites = 0;
        bool finished = false;
        for (int i = 0; i < 10 && !finished; i++)
        {
            var latest = Directory.Exists(folder) ? CheckpointFolder.Latest(folder) : null;
            using var process = Start(_dir, latest is null ? Args("run.safetensors", "--checkpoint-every", "5", "--keep", "3") : ["train", "--resume", folder]);
            // A fresh run is killed only after its first checkpoint is complete, so every kill leaves something to
            // resume even when a loaded machine makes the first five steps take longer than the random delays.
            if (latest is null) WaitForFirstCheckpoint(process, folder);
            finished = process.WaitForExit(TimeSpan.FromMilliseconds(random.NextUniform(300, 1000)));
            if (!finished)
            {
                process.Kill();          // SIGKILL on Linux
                process.WaitForExit();
                kills++;
            }
            else Assert.Equal(0, process.ExitCode);
            if (Directory.Exists(folder))
            {
                tornWrites += Directory.GetFiles(folder, ".ckpt-*.tmp").Length;
                var newest = CheckpointFolder.Latest(folder);
                if (newest is not null) TrainingState.FromFile(SafeTensorsFile.Read(newest));   // must always load
            }
        }
        if (!finished)
        {
            var last = CliProcess.RunIn(_dir, "train", "--resume", folder);
            Assert.True(last.ExitCode == 0, last.ToString());
        }
        Assert.True(kills == 10, $"only {kills} kills landed before the run finished");
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "reference.safetensors")), File.ReadAllBytes(Path.Combine(_dir, "run.safetensors")));
        Assert.Empty(Directory.GetFiles(folder, ".ckpt-*.tmp"));   // resuming cleans up torn writes
        Console.WriteLine($"kill test: {kills} SIGKILLs, {tornWrites} torn checkpoint writes left behind, final model byte-identical");
    }

    [Fact]
    public async Task Ctrl_c_writes_a_checkpoint_says_where_and_the_run_resumes_identically()
    {
        var reference = CliProcess.RunIn(_dir, Args("reference.safetensors"));
        Assert.True(reference.ExitCode == 0, reference.ToString());

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "elman.dll"));
        foreach (var a in Args("run.safetensors")) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        string first = await process.StandardOutput.ReadLineAsync() ?? "";   // training begins (see Start)
        var stdout = process.StandardOutput.ReadToEndAsync();
        await Task.Delay(900);
        await Process.Start("kill", ["-INT", process.Id.ToString()])!.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        string output = first + "\n" + await stdout;
        Assert.Equal(130, process.ExitCode);
        Assert.Contains("interrupted", output);
        Assert.Contains("elman train --resume", output);
        Assert.False(File.Exists(Path.Combine(_dir, "run.safetensors")));

        var resumed = CliProcess.RunIn(_dir, "train", "--resume", Path.Combine(_dir, "run.safetensors.checkpoints"));
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "reference.safetensors")), File.ReadAllBytes(Path.Combine(_dir, "run.safetensors")));
    }

    [Fact]
    public void Resume_refuses_options_that_would_change_the_run()
        => CliProcess.AssertUsageError(CliProcess.RunIn(_dir, "train", "--resume", _dir, "--hidden", "8"), "--resume");
}
