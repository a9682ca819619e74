using Elman.Data.Corpora;
using Elman.Data.Text;

namespace Elman.Runs;

/// <summary>Reads a public corpus's labelled texts (the CLI fetches them with npm into a cache).</summary>
public interface ICorpusSource
{
    /// <summary>The corpus's examples.</summary>
    /// <exception cref="ElmanException">The corpus cannot be had or read.</exception>
    IReadOnlyList<LabelledText> Load(Corpus corpus);
}
