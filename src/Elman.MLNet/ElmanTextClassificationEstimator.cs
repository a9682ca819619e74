using Elman.Data;
using Elman.Data.Text;
using Elman.MLNet.Scoring;
using Elman.Model;
using Elman.Numerics;
using Elman.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Elman.MLNet;

/// <summary>
/// Trains an Elman RNN text classifier in an ML.NET pipeline: tokenizes the text column, builds a
/// vocabulary from the training rows, trains embedding → Elman layers → linear classifier with exact
/// BPTT on the key-typed label, and returns an <see cref="ElmanTextClassificationTransformer"/>.
/// </summary>
/// <remarks>Rows whose label is missing (key 0) are skipped in training.</remarks>
public sealed class ElmanTextClassificationEstimator : IEstimator<ElmanTextClassificationTransformer>
{
    /// <summary>An estimator with the given options.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ElmanTextClassificationEstimator(ElmanTextClassificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options the estimator trains with.</summary>
    public ElmanTextClassificationOptions Options { get; }

    /// <summary>Reads the training rows, builds the vocabulary and trains the network.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The text or label column is missing or of the wrong type.</exception>
    /// <exception cref="ElmanException">No row has a label, or training diverged.</exception>
    public ElmanTextClassificationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = Options;
        var textColumn = OutputSchema.TextColumn(input.Schema, o.TextColumnName);
        var labelColumn = LabelColumn(input.Schema, o.LabelColumnName, out int classes);
        var classNames = OutputSchema.KeyNames(labelColumn, classes);

        var tokenizer = new Tokenizer(o.Tokenizer, o.LowerCase);
        var (texts, labels) = ReadRows(input, textColumn, labelColumn, tokenizer);
        if (texts.Count == 0) throw new ElmanException($"no training row has a label in column '{o.LabelColumnName}'");
        var vocabulary = Vocabulary.Build(texts, o.MinTokenCount, o.MaxVocabularySize);
        var encoder = new TextEncoder(tokenizer, vocabulary, o.MaxLength);
        var data = encoder.EncodeDataset(texts.Select(encoder.Encode).ToList(), labels, classNames);

        var config = new RnnConfig(vocabulary.Count, o.EmbeddingSize, o.HiddenSize, o.NumLayers, classes, o.Nonlinearity, o.Bidirectional, o.Dropout);
        var members = new List<RnnClassifier<float>>();
        using (var pool = new WorkerPool(o.Threads))
            for (int m = 0; m < o.EnsembleSize; m++)
            {
                ulong seed = o.Seed + (ulong)m;
                var member = RnnClassifier<float>.Create(config, seed);
                member.Pool = pool;
                new Trainer(member, o.TrainingOptions() with { Seed = seed }).Fit(new TokenDropout(data, o.TokenDropout, seed).ForEpoch);
                member.Pool = null;
                members.Add(member);
            }
        var model = members.Count == 1 ? members[0] : Ensemble.Merge(members);
        return new ElmanTextClassificationTransformer(model, encoder, classNames, o.TextColumnName, o.ScoreColumnName, o.PredictedLabelColumnName);
    }

    /// <summary>The input shape plus Score (vector of floats) and PredictedLabel (the label's key type).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The text column is missing or not scalar text, or the label is missing or not a scalar key.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var columns = inputSchema.ToDictionary(c => c.Name);
        if (!columns.TryGetValue(Options.TextColumnName, out var text) || text.Kind != SchemaShape.Column.VectorKind.Scalar || text.ItemType is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"expected a scalar text column '{Options.TextColumnName}'");
        if (!columns.TryGetValue(Options.LabelColumnName, out var label) || label.Kind != SchemaShape.Column.VectorKind.Scalar || !label.IsKey)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"expected a scalar key label column '{Options.LabelColumnName}' (use MapValueToKey)");
        // SchemaShape.Column has no public constructor. The shapes of our two outputs are exactly those
        // ML.NET gives a copy of the label (a key with its values) and its one-hot vector (a vector of
        // floats), so ML.NET's own estimators describe them.
        var ml = new MLContext(seed: 0);
        return ml.Transforms.CopyColumns(Options.PredictedLabelColumnName, Options.LabelColumnName)
            .Append(ml.Transforms.Conversion.MapKeyToVector(Options.ScoreColumnName, Options.LabelColumnName))
            .GetOutputSchema(inputSchema);
    }

    static DataViewSchema.Column LabelColumn(DataViewSchema schema, string name, out int classes)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"label column '{name}' not found; the data has {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}");
        if (column.Type is not KeyDataViewType { RawType: var raw, Count: var count } || raw != typeof(uint) || count < 2 || count > 65_536)
            throw new ArgumentOutOfRangeException(nameof(schema), $"label column '{name}' is {column.Type}, expected a UInt32 key of 2 to 65536 values (use MapValueToKey)");
        classes = (int)count;
        return column;
    }

    static (List<List<string>> Texts, List<int> Labels) ReadRows(IDataView input, DataViewSchema.Column text, DataViewSchema.Column label, Tokenizer tokenizer)
    {
        var texts = new List<List<string>>();
        var labels = new List<int>();
        using var cursor = input.GetRowCursor([text, label]);
        var getText = cursor.GetGetter<ReadOnlyMemory<char>>(text);
        var getLabel = cursor.GetGetter<uint>(label);
        ReadOnlyMemory<char> value = default;
        uint key = 0;
        while (cursor.MoveNext())
        {
            getLabel(ref key);
            if (key == 0) continue;
            getText(ref value);
            texts.Add(tokenizer.Tokenize(value.ToString()));
            labels.Add((int)key - 1);
        }
        return (texts, labels);
    }
}
