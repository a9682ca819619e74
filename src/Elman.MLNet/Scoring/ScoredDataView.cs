using Microsoft.ML;
using Microsoft.ML.Data;

namespace Elman.MLNet.Scoring;

/// <summary>The lazily scored view <see cref="ElmanTextClassificationTransformer.Transform"/> returns: nothing is computed until a cursor reads Score or PredictedLabel.</summary>
sealed class ScoredDataView(IDataView input, ElmanTextClassificationTransformer transformer) : IDataView
{
    public DataViewSchema Schema { get; } = transformer.GetOutputSchema(input.Schema);
    public bool CanShuffle => input.CanShuffle;
    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        bool scoring = needed.Contains(input.Schema.Count) || needed.Contains(input.Schema.Count + 1);
        var text = OutputSchema.TextColumn(input.Schema, transformer.TextColumnName);
        var inputNeeded = input.Schema.Where(c => needed.Contains(c.Index) || (scoring && c.Index == text.Index));
        var cursor = input.GetRowCursor(inputNeeded, rand);
        return new ScoredCursor(cursor, Schema, text, c => needed.Contains(c.Index), scoring ? transformer.CreateScorer() : null);
    }

    // One cursor: scoring is per row and cheap to stream; ML.NET accepts fewer cursors than asked for.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];
}
