namespace Elman.IO;

/// <summary>
/// Decides whether a path may receive an output, before anything is written, so that a write never
/// destroys what it should not.
/// </summary>
/// <remarks>
/// An output goes to a new path or replaces a regular file. A symbolic link to a regular file is
/// followed, and the file it names is replaced (atomically, in that file's folder), which is what
/// <c>cp</c> and editors do and what a user who linked <c>model.safetensors</c> to a shared copy
/// expects; the link itself stays. Refused, with one line naming the path as the user gave it: an
/// empty path; a dangling link (writing would silently create a file elsewhere); a folder; a FIFO,
/// device or socket (replacing <c>/dev/null</c> with a regular file breaks the system, writing into a
/// FIFO blocks); an existing file that nobody may write (no write bit in its mode, or the read-only
/// attribute on Windows), because renaming over it would bypass that protection, even as root; a
/// path whose folder does not exist.
/// </remarks>
public static class OutputPath
{
    /// <summary>
    /// Checks that <paramref name="path"/> may be written and returns the full path of the file to
    /// replace: the path itself, or the final target of a symbolic link to a regular file.
    /// </summary>
    /// <exception cref="ElmanException">The path is empty or names something that must not be replaced.</exception>
    public static string Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ElmanException("an output path is empty; expected a file name");
        string full = Path.GetFullPath(path);
        FileStatus status = FileStatus.OfLink(full);
        if (status.Kind == FileKind.SymbolicLink)
        {
            FileStatus target = FileStatus.Of(full);
            if (target.Kind == FileKind.Missing)
                throw new ElmanException($"{path}: is a symbolic link to {LinkTarget(full)}, which does not exist; refusing to create a file through a dangling link");
            full = File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
            status = target;
        }
        switch (status.Kind)
        {
            case FileKind.Missing:
                string folder = Path.GetDirectoryName(full) ?? full;
                if (FileStatus.Of(folder).Kind != FileKind.Folder)
                    throw new ElmanException($"{path}: cannot write: folder {folder} does not exist");
                return full;
            case FileKind.Regular:
                if (IsReadOnly(full))
                    throw new ElmanException($"{path}: is read-only; refusing to replace it (make it writable or choose another path)");
                return full;
            case FileKind.Folder:
                throw new ElmanException($"{path}: is a folder; expected a file path");
            default:
                throw new ElmanException($"{path}: is a {Describe(status.Kind)}, not a regular file; refusing to replace it");
        }
    }

    static bool IsReadOnly(string file)
    {
        if (OperatingSystem.IsWindows()) return File.GetAttributes(file).HasFlag(FileAttributes.ReadOnly);
        const UnixFileMode anyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        return (File.GetUnixFileMode(file) & anyWrite) == 0;
    }

    static string LinkTarget(string link)
    {
        try { return new FileInfo(link).LinkTarget ?? "(unknown)"; }
        catch (IOException) { return "(unreadable)"; }
    }

    /// <summary>The kind in words, for messages ("FIFO (named pipe)").</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Fifo => "FIFO (named pipe)",
        FileKind.CharacterDevice => "character device",
        FileKind.BlockDevice => "block device",
        FileKind.Socket => "socket",
        FileKind.Folder => "folder",
        FileKind.SymbolicLink => "symbolic link",
        FileKind.Regular => "regular file",
        _ => "missing path",
    };
}
