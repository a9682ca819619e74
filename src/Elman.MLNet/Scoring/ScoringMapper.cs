using Microsoft.ML;
using Microsoft.ML.Data;

namespace Elman.MLNet.Scoring;

/// <summary>Row-by-row scoring for ML.NET's prediction engine: maps one input row to one scored row.</summary>
sealed class ScoringMapper(DataViewSchema inputSchema, ElmanTextClassificationTransformer transformer) : IRowToRowMapper
{
    readonly DataViewSchema.Column _text = Scoring.OutputSchema.TextColumn(inputSchema, transformer.TextColumnName);

    public DataViewSchema InputSchema { get; } = inputSchema;
    public DataViewSchema OutputSchema { get; } = transformer.GetOutputSchema(inputSchema);

    /// <summary>The input columns needed for <paramref name="dependingColumns"/>: themselves, plus the text when a score is asked for.</summary>
    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var indices = dependingColumns.Select(c => c.Index).ToHashSet();
        bool scoring = indices.Any(i => i >= InputSchema.Count);
        return InputSchema.Where(c => indices.Contains(c.Index) || (scoring && c.Index == _text.Index));
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        var active = activeColumns.Select(c => c.Index).ToHashSet();
        bool scoring = active.Contains(InputSchema.Count) || active.Contains(InputSchema.Count + 1);
        return new ScoredCursor(input, OutputSchema, _text, c => active.Contains(c.Index), scoring ? transformer.CreateScorer() : null);
    }
}
