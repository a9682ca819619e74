using System.Text.Json;
using System.Text.Json.Nodes;
using Elman.MLNet.Scoring;
using Elman.MLNet.Text;
using Elman.Model;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Elman.MLNet;

/// <summary>
/// A trained Elman text classifier as an ML.NET transformer: adds <c>Score</c> (the C class
/// probabilities) and <c>PredictedLabel</c> (a key with the training label's C values) to any data with
/// the text column, as ML.NET's multiclass trainers do, so
/// <c>mlContext.MulticlassClassification.Evaluate</c> and <c>MapKeyToValue</c> work on the output.
/// </summary>
/// <remarks>
/// ML.NET's own model format has no public extension point for third-party transformers, so this one is
/// saved as a side file with <see cref="Save(string)"/>: an Elman safetensors checkpoint (the weights
/// under PyTorch's names; <c>elman eval</c> and <c>elman export --onnx</c> read it) whose metadata holds
/// the tokenizer, vocabulary, class names and column names. <see cref="Load"/> reads it back.
/// </remarks>
public sealed class ElmanTextClassificationTransformer : ITransformer
{
    readonly TextEncoder _encoder;

    internal ElmanTextClassificationTransformer(RnnClassifier<float> model, TextEncoder encoder, IReadOnlyList<string> classNames,
        string textColumn, string scoreColumn, string predictedLabelColumn)
    {
        if (classNames.Count != model.Config.NumClasses)
            throw new ElmanException($"{classNames.Count} class names for a model of {model.Config.NumClasses} classes");
        Model = model;
        _encoder = encoder;
        ClassNames = classNames;
        TextColumnName = textColumn;
        ScoreColumnName = scoreColumn;
        PredictedLabelColumnName = predictedLabelColumn;
    }

    /// <summary>The trained network (export it with <c>Elman.Onnx</c>, or inspect its weights).</summary>
    public RnnClassifier<float> Model { get; }
    /// <summary>The label's values, by class index: the key values of PredictedLabel.</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>The tokens by id: 0 is padding, 1 unknown.</summary>
    public IReadOnlyList<string> Vocabulary => _encoder.Vocabulary.Tokens;
    /// <summary>The text column read.</summary>
    public string TextColumnName { get; }
    /// <summary>The probabilities column written.</summary>
    public string ScoreColumnName { get; }
    /// <summary>The predicted-label column written.</summary>
    public string PredictedLabelColumnName { get; }

    /// <summary>Whether <see cref="GetRowToRowMapper"/> works: yes, rows are scored one at a time.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input schema plus Score (vector of C floats) and PredictedLabel (key of C values).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The text column is missing or not text.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        OutputSchema.TextColumn(inputSchema, TextColumnName);
        return OutputSchema.Build(inputSchema, ScoreColumnName, PredictedLabelColumnName, ClassNames);
    }

    /// <summary>A lazily scored view of <paramref name="input"/>.</summary>
    public IDataView Transform(IDataView input) => new ScoredDataView(input, this);

    /// <summary>Scores rows one at a time (used by ML.NET's prediction engine).</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new ScoringMapper(inputSchema, this);

    /// <summary>Not supported: save with <see cref="Save(string)"/> (see the remarks on the class).</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("ML.NET's model format cannot hold an Elman transformer; save it with ElmanTextClassificationTransformer.Save(path) and read it back with Load(path)");

    /// <summary>Writes the model, tokenizer, vocabulary, class names and column names to <paramref name="path"/> as one safetensors file, atomically.</summary>
    public void Save(string path) => Checkpoint.Save(Model, path, new Dictionary<string, string>
    {
        [MetadataKeys.ClassNames] = JsonSerializer.Serialize(ClassNames),
        [TokenizerKey] = new JsonObject
        {
            ["kind"] = TextTokenizer.KindName(_encoder.Tokenizer.Kind),
            ["lower_case"] = _encoder.Tokenizer.LowerCase,
            ["max_length"] = _encoder.MaxLength,
        }.ToJsonString(),
        [VocabularyKey] = JsonSerializer.Serialize(_encoder.Vocabulary.Tokens),
        [ColumnsKey] = new JsonObject
        {
            ["text"] = TextColumnName,
            ["score"] = ScoreColumnName,
            ["predicted_label"] = PredictedLabelColumnName,
        }.ToJsonString(),
    });

    /// <summary>Reads a transformer written by <see cref="Save(string)"/>.</summary>
    /// <exception cref="ElmanException">The file is missing, is not a valid Elman checkpoint, or lacks the text-classifier metadata.</exception>
    public static ElmanTextClassificationTransformer Load(string path)
    {
        var (model, metadata) = Checkpoint.Load<float>(path);
        var reader = new SideFileMetadata(path, metadata);
        var tokenizer = reader.Object(TokenizerKey);
        var columns = reader.Object(ColumnsKey);
        var vocabulary = new Vocabulary(reader.Strings(VocabularyKey));
        if (vocabulary.Count != model.Config.VocabSize)
            throw new ElmanException($"{path}: the vocabulary has {vocabulary.Count} tokens, the embedding {model.Config.VocabSize} rows");
        var encoder = new TextEncoder(
            new TextTokenizer(TextTokenizer.ParseKind(reader.Field<string>(tokenizer, TokenizerKey, "kind"), path), reader.Field<bool>(tokenizer, TokenizerKey, "lower_case")),
            vocabulary, reader.Field<int>(tokenizer, TokenizerKey, "max_length"));
        return new ElmanTextClassificationTransformer(model, encoder, reader.Strings(MetadataKeys.ClassNames),
            reader.Field<string>(columns, ColumnsKey, "text"), reader.Field<string>(columns, ColumnsKey, "score"), reader.Field<string>(columns, ColumnsKey, "predicted_label"));
    }

    internal Scorer CreateScorer() => new(Model, _encoder);

    // __metadata__ keys of the side file, next to "config" and "class_names".
    const string TokenizerKey = "tokenizer", VocabularyKey = "vocabulary", ColumnsKey = "mlnet_columns";
}
