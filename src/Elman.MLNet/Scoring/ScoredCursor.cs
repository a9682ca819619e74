using Microsoft.ML;
using Microsoft.ML.Data;

namespace Elman.MLNet.Scoring;

/// <summary>
/// A row of the scored view: the input row's columns passed through, plus Score and PredictedLabel,
/// computed once per row and only when one of them is read. Serves both as a cursor (over an input
/// cursor, for <see cref="IDataView"/>) and as a single mapped row (for <see cref="IRowToRowMapper"/>).
/// </summary>
sealed class ScoredCursor : DataViewRowCursor
{
    readonly DataViewRow _input;
    readonly DataViewSchema _schema;
    readonly Scorer? _scorer;
    readonly int _scoreIndex, _predictedIndex;
    readonly bool _scoreActive, _predictedActive;
    readonly ValueGetter<ReadOnlyMemory<char>>? _text;
    readonly float[] _probabilities;
    long _scoredPosition = -1;
    uint _predicted;

    /// <param name="input">The input row or cursor; its text column must be active when an output column is.</param>
    /// <param name="schema">The output schema: the input's columns, then Score, then PredictedLabel.</param>
    /// <param name="textColumn">The text column of the input.</param>
    /// <param name="active">Which output columns the consumer reads.</param>
    /// <param name="scorer">A scorer for this row alone (null when neither output column is active).</param>
    public ScoredCursor(DataViewRow input, DataViewSchema schema, DataViewSchema.Column textColumn, Func<DataViewSchema.Column, bool> active, Scorer? scorer)
    {
        _input = input;
        _schema = schema;
        _scoreIndex = input.Schema.Count;
        _predictedIndex = input.Schema.Count + 1;
        _scoreActive = active(schema[_scoreIndex]);
        _predictedActive = active(schema[_predictedIndex]);
        _probabilities = new float[((VectorDataViewType)schema[_scoreIndex].Type).Size];
        if (_scoreActive || _predictedActive)
        {
            _scorer = scorer ?? throw new ArgumentNullException(nameof(scorer));
            _text = input.GetGetter<ReadOnlyMemory<char>>(textColumn);
        }
    }

    public override DataViewSchema Schema => _schema;
    public override long Position => _input.Position;
    public override long Batch => _input.Batch;

    public override bool MoveNext() => _input is DataViewRowCursor cursor
        ? cursor.MoveNext()
        : throw new InvalidOperationException("a mapped row is not a cursor");

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index == _scoreIndex ? _scoreActive
        : column.Index == _predictedIndex ? _predictedActive
        : _input.IsColumnActive(_input.Schema[column.Index]);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < _scoreIndex) return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        if (!IsColumnActive(column)) throw new InvalidOperationException($"column '{column.Name}' is not active");
        Delegate getter = column.Index == _scoreIndex
            ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
            {
                EnsureScored();
                var editor = VBufferEditor.Create(ref dst, _probabilities.Length);
                _probabilities.CopyTo(editor.Values);
                dst = editor.Commit();
            })
            : (ValueGetter<uint>)((ref uint dst) =>
            {
                EnsureScored();
                dst = _predicted;
            });
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}");
    }

    // Score and PredictedLabel of one row come from one forward pass.
    void EnsureScored()
    {
        if (_scoredPosition == _input.Position) return;
        var text = default(ReadOnlyMemory<char>);
        _text!(ref text);
        _predicted = (uint)_scorer!.Score(text.Span, _probabilities) + 1; // keys are 1-based; 0 means missing
        _scoredPosition = _input.Position;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _input is DataViewRowCursor) _input.Dispose();
        base.Dispose(disposing);
    }
}
