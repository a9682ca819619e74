namespace Elman.Cli.Commands;

/// <summary>The folder an analysis writes its PNG and CSV files into.</summary>
static class OutputFolder
{
    /// <summary>Creates <paramref name="path"/> (and its parents) unless it exists; a file in the way is an error naming <paramref name="option"/>.</summary>
    public static string Prepare(string path, string option)
    {
        if (File.Exists(path)) throw new ElmanException($"{option} {path}: is a file, expected a folder for the plots and CSV files");
        try { Directory.CreateDirectory(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ElmanException($"{option} {path}: cannot create the folder ({e.Message})");
        }
        return path;
    }
}
