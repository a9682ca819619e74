using System.Text.Json;
using System.Text.Json.Nodes;
using Elman.Data.Text;
using Elman.MLNet.Scoring;
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
/// under PyTorch's names) whose metadata holds the tokenizer, vocabulary and class names exactly as a model
/// trained by <c>elman train --data</c> does, plus the column names: <c>elman predict</c>, <c>elman eval</c>
/// and <c>elman export --onnx</c> read it, and <see cref="Load"/> reads it back.
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
    public void Save(string path)
    {
        var metadata = new Dictionary<string, string>
        {
            [MetadataKeys.ClassNames] = JsonSerializer.Serialize(ClassNames),
            [ColumnsKey] = new JsonObject
            {
                ["text"] = TextColumnName,
                ["score"] = ScoreColumnName,
                ["predicted_label"] = PredictedLabelColumnName,
            }.ToJsonString(),
        };
        _encoder.WriteTo(metadata);
        Checkpoint.Save(Model, path, metadata);
    }

    /// <summary>Reads a transformer written by <see cref="Save(string)"/>.</summary>
    /// <exception cref="ElmanException">The file is missing, is not a valid Elman checkpoint, or lacks the text-classifier metadata.</exception>
    public static ElmanTextClassificationTransformer Load(string path)
    {
        var (model, metadata) = Checkpoint.Load<float>(path);
        var reader = new SideFileMetadata(path, metadata);
        var columns = reader.Object(ColumnsKey);
        var encoder = TextEncoder.ReadFrom(metadata, model.Config, path);
        return new ElmanTextClassificationTransformer(model, encoder, reader.Strings(MetadataKeys.ClassNames),
            reader.Field<string>(columns, ColumnsKey, "text"), reader.Field<string>(columns, ColumnsKey, "score"), reader.Field<string>(columns, ColumnsKey, "predicted_label"));
    }

    internal Scorer CreateScorer() => new(Model, _encoder);

    // The __metadata__ key the side file adds to those of a text checkpoint written by `elman train`.
    const string ColumnsKey = "mlnet_columns";
}
