using System.Collections.Concurrent;
using System.Diagnostics;

namespace Elman.Cluster.Tests.Membership.Servers;

/// <summary>
/// A server the tests start (redis-server, postgres): its output is kept (the last lines go into failure messages),
/// and it is killed with its children on Dispose or when the test host exits.
/// </summary>
sealed class ServerProcess : IDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> output = new();
    readonly EventHandler killOnExit;

    ServerProcess(Process process)
    {
        this.process = process;
        killOnExit = (_, _) => Kill();
        AppDomain.CurrentDomain.ProcessExit += killOnExit;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Starts <paramref name="start"/> with its output redirected.</summary>
    public static ServerProcess Start(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = false;
        start.UseShellExecute = false;
        return new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}"));
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>The last lines the server printed, for failure messages.</summary>
    public string Tail => string.Join('\n', output.TakeLast(30));

    void Keep(string? line)
    {
        if (line is null) return;
        output.Enqueue(line);
        while (output.Count > 200) output.TryDequeue(out _);
    }

    void Kill()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { } // never started or already reaped
    }

    public void Dispose()
    {
        Kill();
        AppDomain.CurrentDomain.ProcessExit -= killOnExit;
        process.Dispose();
    }
}
