using System.Globalization;
using System.Text;

namespace Elman.IO;

/// <summary>
/// An exclusive claim on an output (a model file, a checkpoint folder) for the life of one run: a
/// second run on the same output is refused, naming the first one's process id, instead of sharing
/// the output and deleting the other's checkpoints.
/// </summary>
/// <remarks>
/// The claim is an OS lock (<see cref="FileShare.None"/>, which .NET implements with <c>flock</c> on
/// Unix) on <c>{output}.lock</c>, a small file holding the owner's PID; the lock dies with the process,
/// so a run killed with SIGKILL never blocks the next one. The file is deleted when the lock is
/// released normally; one left by a killed run is simply taken over.
/// </remarks>
public sealed class RunLock : IDisposable
{
    readonly List<(string Output, FileStream Stream)> _held = [];

    RunLock() { }

    /// <summary>The lock file that guards <paramref name="output"/>: its full path plus <c>.lock</c>.</summary>
    public static string LockFileOf(string output) =>
        Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + ".lock";

    /// <summary>Claims every one of <paramref name="outputs"/> (null or empty entries are skipped), or none.</summary>
    /// <exception cref="ElmanException">Another run holds one of them, or a lock file cannot be created;
    /// the message names the output as given.</exception>
    public static RunLock Acquire(params string?[] outputs)
    {
        var runLock = new RunLock();
        try
        {
            foreach (string output in outputs.Where(o => !string.IsNullOrEmpty(o)).Select(o => o!).Distinct(StringComparer.Ordinal))
                runLock._held.Add((output, Open(output)));
            return runLock;
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    /// <summary>The outputs this lock holds, as given.</summary>
    public IEnumerable<string> Outputs => _held.Select(h => h.Output);

    /// <summary>Releases the claims and deletes the lock files.</summary>
    public void Dispose()
    {
        foreach (var (_, stream) in _held) stream.Dispose();
        _held.Clear();
    }

    static FileStream Open(string output)
    {
        string file = LockFileOf(output);
        FileKind kind = FileStatus.OfLink(file).Kind;
        if (kind is not (FileKind.Missing or FileKind.Regular))
            throw new ElmanException($"{output}: its lock file {file} is a {OutputPath.Describe(kind)}, expected a regular file or nothing");
        // A lock file deleted by its releasing owner between our open and our lock is not a lock on the
        // path any more: check that we locked the file the path names, and retry if not.
        for (int attempt = 0; ; attempt++)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException e) when (File.Exists(file) && e is not (DirectoryNotFoundException or PathTooLongException))
            {
                throw new ElmanException($"{output}: another run{Owner(file)} is writing it; wait for it to finish, or stop it");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ElmanException($"{output}: cannot create its lock file {file}: {MessageText.OneLine(e.Message, 200)}", e);
            }
            if (StillNamed(file, stream) || attempt >= 3)
            {
                stream.SetLength(0);
                stream.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}\n")));
                stream.Flush();
                return stream;
            }
            stream.Dispose();
        }
    }

    static bool StillNamed(string file, FileStream stream)
    {
        if (!OperatingSystem.IsLinux()) return true;
        FileStatus held = FileStatus.Of($"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}");
        FileStatus named = FileStatus.Of(file);
        return held.Inode == 0 || (held.Device == named.Device && held.Inode == named.Inode);
    }

    // " (PID 1234)": the process that has the lock file open, found through /proc/*/fd (Linux). The file
    // itself cannot be read while locked (.NET takes a shared lock to read), and /proc/locks names inodes
    // that differ from stat's on overlay file systems. A child that inherited the descriptor has a
    // higher PID than the process that took the lock, so the lowest is reported.
    static string Owner(string file)
    {
        if (!OperatingSystem.IsLinux()) return "";
        int owner = int.MaxValue;
        try
        {
            foreach (string process in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid >= owner) continue;
                try
                {
                    foreach (string descriptor in Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")))
                        if (new FileInfo(descriptor).LinkTarget == file) { owner = pid; break; }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return owner == int.MaxValue ? "" : string.Create(CultureInfo.InvariantCulture, $" (PID {owner})");
    }
}
