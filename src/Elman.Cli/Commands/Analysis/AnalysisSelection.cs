using System.CommandLine;
using Elman.Analysis;
using Elman.Model;

namespace Elman.Cli.Commands;

/// <summary>The --layer and --direction options of the analysis commands and what they select on a model.</summary>
sealed class AnalysisSelection
{
    readonly Option<int?> _layer;
    readonly Option<string?> _direction;

    public AnalysisSelection(string layerDefault, string directionDefault)
    {
        _layer = new Option<int?>("--layer") { Description = $"Which recurrent layer (0-based); default: {layerDefault}" };
        _direction = new Option<string?>("--direction")
        {
            Description = $"forward (reads x_1..x_T; chains end at h_T, lag T - i) or reverse (a bidirectional model's _reverse weights; reads x_T..x_1, chains end at h_1, lag i - 1); default: {directionDefault}",
        };
        _direction.AcceptOnlyFromAmong("forward", "reverse");
    }

    public IEnumerable<Option> Options => [_layer, _direction];

    /// <summary>The selected layers: the one given, or <paramref name="all"/> of them (else layer 0).</summary>
    public IReadOnlyList<int> Layers(ParseResult parse, RnnConfig config, bool all)
    {
        if (parse.GetValue(_layer) is { } k) return [CommonOptions.InRange(k, "--layer", 0, config.NumLayers - 1)];
        return all ? Enumerable.Range(0, config.NumLayers).ToArray() : [0];
    }

    /// <summary>The selected directions: the one given, or <paramref name="all"/> the model has (else forward).</summary>
    /// <exception cref="ElmanException">Reverse on a unidirectional model.</exception>
    public IReadOnlyList<Direction> Directions(ParseResult parse, RnnConfig config, bool all)
    {
        if (parse.GetValue(_direction) is { } text)
        {
            var d = Analysis.Directions.Parse(text)!.Value;
            if (d == Direction.Reverse && !config.Bidirectional) throw new ElmanException("--direction reverse: the model is not bidirectional, it has only the forward direction");
            return [d];
        }
        return all ? Analysis.Directions.Of(config.Bidirectional) : [Direction.Forward];
    }
}
