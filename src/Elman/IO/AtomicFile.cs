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
    /// (<c>.{name}.{random}.tmp</c>), flushes it to disk, then moves it over <paramref name="path"/>.
    /// </summary>
    /// <remarks>If anything throws, including <paramref name="write"/>, the temporary file is deleted,
    /// the target is untouched and the exception propagates. The temporary file lives in the same folder
    /// because a rename is only atomic within one file system.</remarks>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' is not a file path", nameof(path));
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
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

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
