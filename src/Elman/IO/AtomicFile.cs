using System.Text;

namespace Elman.IO;

/// <summary>
/// Replaces a file all at once: readers, and the file left after a crash, see either the old contents
/// or the complete new ones, never a half-written file. Checkpoints are written this way so that an
/// interrupted training run never destroys the last good one.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Lets <paramref name="write"/> fill a temporary file in the target's folder
    /// (<c>.{name}.{random}.tmp</c>), flushes it to disk, then moves it over the target.
    /// </summary>
    /// <remarks>The target is <paramref name="path"/>, or the regular file a symbolic link there names;
    /// folders, devices, FIFOs, sockets, dangling links and read-only files are refused before anything
    /// is written (see <see cref="OutputPath"/>). If anything throws, including <paramref name="write"/>,
    /// the temporary file is deleted and the target is untouched. The temporary file lives in the
    /// target's folder because a rename is only atomic within one file system.</remarks>
    /// <exception cref="ElmanException">The path may not be written, or the file system failed (full
    /// disk, permission denied); the message names <paramref name="path"/> as given, never the temporary file.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        string target = OutputPath.Resolve(path);
        string folder = Path.GetDirectoryName(target) ?? throw new ElmanException($"{path}: is not a file path");
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Path.GetRandomFileName().Replace(".", "")}.tmp");
        try
        {
            // CreateNew: never adopt a file someone else created under the same random name.
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temporary);
            throw new ElmanException($"{path}: cannot write: {Reason(e, temporary, folder)}", e);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    // The runtime's messages name the temporary file, which the user never asked for and which is gone.
    static string Reason(Exception e, string temporary, string folder) => e switch
    {
        UnauthorizedAccessException { InnerException: { } inner } => $"permission denied in folder {folder} ({MessageText.OneLine(inner.Message, 100)})",
        UnauthorizedAccessException => $"permission denied in folder {folder}",
        DirectoryNotFoundException => $"folder {folder} does not exist",
        _ => MessageText.OneLine(e.Message.Replace(temporary, "the file", StringComparison.Ordinal), 300),
    };

    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlyMemory<byte> bytes) =>
        Write(path, stream => stream.Write(bytes.Span));

    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
            writer.Write(text);
        });
    }

    // Cleanup must not replace the exception that explains what went wrong.
    private static void DeleteQuietly(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
