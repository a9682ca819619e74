using Microsoft.ML;
using Microsoft.ML.Data;

namespace Elman.MLNet.Scoring;

/// <summary>
/// The columns a fitted Elman classifier adds, annotated as ML.NET's multiclass trainers annotate
/// theirs: Score, a vector of C probabilities with the class names as slot names; PredictedLabel, a
/// key of C values with the class names as key values.
/// </summary>
static class OutputSchema
{
    // ML.NET's annotation kinds (AnnotationUtils.Kinds and .Const are internal to ML.NET).
    const string SlotNames = "SlotNames", KeyValues = "KeyValues", ScoreColumnKind = "ScoreColumnKind", ScoreValueKind = "ScoreValueKind";

    /// <summary>The input schema followed by the score and predicted-label columns (which hide any input columns of the same names).</summary>
    public static DataViewSchema Build(DataViewSchema input, string scoreColumn, string predictedLabelColumn, IReadOnlyList<string> classNames)
    {
        int c = classNames.Count;
        var names = new VBuffer<ReadOnlyMemory<char>>(c, classNames.Select(n => n.AsMemory()).ToArray());
        ValueGetter<VBuffer<ReadOnlyMemory<char>>> getNames = (ref VBuffer<ReadOnlyMemory<char>> dst) => names.CopyTo(ref dst);
        var namesType = new VectorDataViewType(TextDataViewType.Instance, c);

        var score = new DataViewSchema.Annotations.Builder();
        score.Add(SlotNames, namesType, getNames);
        score.AddPrimitiveValue(ScoreColumnKind, TextDataViewType.Instance, "MulticlassClassification".AsMemory());
        score.AddPrimitiveValue(ScoreValueKind, TextDataViewType.Instance, "Score".AsMemory());
        var predicted = new DataViewSchema.Annotations.Builder();
        predicted.Add(KeyValues, namesType, getNames);
        predicted.AddPrimitiveValue(ScoreColumnKind, TextDataViewType.Instance, "MulticlassClassification".AsMemory());
        predicted.AddPrimitiveValue(ScoreValueKind, TextDataViewType.Instance, "PredictedLabel".AsMemory());

        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        builder.AddColumn(scoreColumn, new VectorDataViewType(NumberDataViewType.Single, c), score.ToAnnotations());
        builder.AddColumn(predictedLabelColumn, new KeyDataViewType(typeof(uint), c), predicted.ToAnnotations());
        return builder.ToSchema();
    }

    /// <summary>The text column, checked to be scalar text.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or not text.</exception>
    public static DataViewSchema.Column TextColumn(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"text column '{name}' not found; the data has {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}");
        if (column.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(schema), $"column '{name}' is {column.Type}, expected scalar text");
        return column;
    }

    /// <summary>The display names of a key column's values: its KeyValues annotation as strings, else "1".."C".</summary>
    public static string[] KeyNames(DataViewSchema.Column column, int count)
    {
        if (column.Annotations.Schema.GetColumnOrNull(KeyValues) is { Type: VectorDataViewType { Size: var size } type } && size == count)
        {
            var read = typeof(OutputSchema).GetMethod(nameof(ReadKeyValues), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
            return (string[])read.MakeGenericMethod(type.ItemType.RawType).Invoke(null, [column.Annotations])!;
        }
        return Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    // Key values may be of any item type (text from MapValueToKey on strings, numbers from numeric columns).
    static string[] ReadKeyValues<T>(DataViewSchema.Annotations annotations)
    {
        var values = default(VBuffer<T>);
        annotations.GetValue(KeyValues, ref values);
        return values.DenseValues().Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray();
    }
}
