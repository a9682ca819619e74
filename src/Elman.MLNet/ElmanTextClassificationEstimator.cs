using Elman.Data.Text;
using Elman.MLNet.Scoring;
using Elman.Runs;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Elman.MLNet;

/// <summary>
/// Trains an Elman RNN text classifier in an ML.NET pipeline through the library's one training pipeline
/// (<see cref="Runner"/>): the rows of the text column and key-typed label become a run exactly like
/// <c>elman train --data FILE</c> with the same options, so both give the same model; returns an
/// <see cref="ElmanTextClassificationTransformer"/>.
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

    /// <summary>Reads the training rows and trains them as <c>elman train --data</c> would (<see cref="Runner"/>): split, vocabulary, members, merge.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The text or label column is missing or of the wrong type.</exception>
    /// <exception cref="ElmanException">No row has a label, the rows hold fewer than two classes, or training diverged.</exception>
    public ElmanTextClassificationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = Options;
        var textColumn = OutputSchema.TextColumn(input.Schema, o.TextColumnName);
        var labelColumn = LabelColumn(input.Schema, o.LabelColumnName, out int classes);
        var classNames = OutputSchema.KeyNames(labelColumn, classes);
        var rows = ReadRows(input, textColumn, labelColumn, classNames);
        if (rows.Count == 0) throw new ElmanException($"no training row has a label in column '{o.LabelColumnName}'");
        var result = new Runner().Run(o.ToRun(rows, classNames))!;
        return new ElmanTextClassificationTransformer(result.Model, result.Data.Text!.Encoder, classNames, o.TextColumnName, o.ScoreColumnName, o.PredictedLabelColumnName);
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

    static List<LabelledText> ReadRows(IDataView input, DataViewSchema.Column text, DataViewSchema.Column label, IReadOnlyList<string> classNames)
    {
        var rows = new List<LabelledText>();
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
            rows.Add(new LabelledText(value.ToString(), classNames[(int)key - 1]));
        }
        return rows;
    }
}
