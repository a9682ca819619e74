using System.Diagnostics;
using System.Text;

namespace Elman.Cluster.Tests.Support;

/// <summary>
/// A running <c>dotnet elman.dll …</c> whose output lines can be waited for while it runs (a silo, or a client to
/// interrupt at the right moment); killed with its process tree on Dispose.
/// </summary>
public sealed class ElmanProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _stdout = new(), _stderr = new();
    readonly object _gate = new();

    ElmanProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public string Stdout { get { lock (_gate) return _stdout.ToString(); } }

    public string Stderr { get { lock (_gate) return _stderr.ToString(); } }

    public static ElmanProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "elman.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("ELMAN_DEBUG");
        var process = new Process { StartInfo = start };
        var running = new ElmanProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (running._gate) running._stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (running._gate) running._stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits until stdout has a line containing <paramref name="text"/>; fails with the output so far after <paramref name="timeout"/> or when the process exits first.</summary>
    public void WaitFor(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Stdout.Contains(text))
        {
            if (_process.HasExited && !Stdout.Contains(text)) Assert.Fail($"exited ({_process.ExitCode}) before printing '{text}'\nstdout: {Stdout}\nstderr: {Stderr}");
            if (clock.Elapsed > timeout) Assert.Fail($"no '{text}' within {timeout.TotalSeconds:F0} s\nstdout: {Stdout}\nstderr: {Stderr}");
            Thread.Sleep(10);
        }
    }

    /// <summary>Waits for the process to exit; its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            Assert.Fail($"did not finish within {timeout.TotalSeconds:F0} s\nstdout: {Stdout}\nstderr: {Stderr}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
    }
}
