using Elman.Data.Sequences;
using Elman.Data.Text;

namespace Elman.Runs;

/// <summary>A public corpus's labelled texts, and its classes in order.</summary>
/// <param name="Name">The corpus's name.</param>
/// <param name="ClassNames">The classes, in label order.</param>
/// <param name="Examples">The labelled texts.</param>
public sealed record NamedCorpus(string Name, IReadOnlyList<string> ClassNames, IReadOnlyList<LabelledText> Examples);

/// <summary>Reads public corpora (texts) and sequence data sets by name (the Elman.Datasets package fetches them with npm into a cache); the core library downloads nothing.</summary>
public interface ICorpusSource
{
    /// <summary>The corpus called <paramref name="name"/>.</summary>
    /// <exception cref="ElmanException">No such corpus, or it cannot be had or read.</exception>
    NamedCorpus Load(string name);

    /// <summary>The numeric sequence data set called <paramref name="name"/> (e.g. sequential MNIST), labelled.</summary>
    /// <exception cref="ElmanException">No such data set, or it cannot be had or read.</exception>
    NumericSequences LoadSequences(string name) => throw new ElmanException($"unknown sequence data set '{name}'");
}
