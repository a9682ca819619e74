namespace Elman.IO;

/// <summary>
/// Everything a command checks about its files before any work, in one call: each output may be written
/// (<see cref="OutputPath"/>), each output folder is a folder or can be made one, no output is an input
/// or another output (<see cref="DistinctFiles"/>), and no other run writes the same outputs
/// (<see cref="RunLock"/>, held until the returned lock is disposed).
/// </summary>
public static class OutputClaim
{
    /// <summary>Checks and claims the outputs; dispose the result when the run ends.</summary>
    /// <param name="inputs">Files the command reads.</param>
    /// <param name="outputs">Files the command writes (null paths, options not given, are skipped; an empty one is refused).</param>
    /// <param name="folders">Folders the command writes into, such as a checkpoint folder; created if missing.</param>
    /// <exception cref="ElmanException">One line naming the role and path that cannot be used.</exception>
    public static RunLock Claim(IEnumerable<NamedPath> inputs, IEnumerable<NamedPath> outputs, IEnumerable<NamedPath> folders)
    {
        var files = outputs.Where(o => o.Path is not null).ToList();
        var dirs = folders.Where(f => f.Path is not null).ToList();
        foreach (var given in files.Concat(dirs))
            if (string.IsNullOrWhiteSpace(given.Path)) throw new ElmanException($"{given.Role} is empty; expected a path");
        foreach (var file in files)
        {
            try { OutputPath.Resolve(file.Path!); }
            catch (ElmanException e) { throw new ElmanException($"{file.Role} {e.Message}", e); }
        }
        foreach (var folder in dirs) PrepareFolder(folder);
        DistinctFiles.Check(inputs, [.. files, .. dirs]);
        return RunLock.Acquire([.. files.Select(f => f.Path), .. dirs.Select(d => d.Path)]);
    }

    static void PrepareFolder(NamedPath folder)
    {
        string path = folder.Path!;
        FileKind kind = FileStatus.Of(path).Kind;
        if (kind is not (FileKind.Folder or FileKind.Missing))
            throw new ElmanException($"{folder.Role} {path}: is a {OutputPath.Describe(kind)}, expected a folder");
        try { Directory.CreateDirectory(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ElmanException($"{folder.Role} {path}: cannot create the folder: {MessageText.OneLine(e.Message, 200)}", e);
        }
    }
}
