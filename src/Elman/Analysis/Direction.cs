namespace Elman.Analysis;

/// <summary>
/// Which direction of a recurrent layer the analysis follows. Steps are always numbered in the
/// sequence's own time, 1..T; only the reading order differs.
/// </summary>
public enum Direction
{
    /// <summary>Reads x_1..x_T: h_t = σ(z_t), z_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh, h_0 = 0; the classifier reads h_T.</summary>
    Forward,
    /// <summary>
    /// Reads x_T..x_1 (PyTorch's <c>_reverse</c> tensors): h_t = σ(z_t), z_t = W_ih x_t + b_ih + W_hh h_{t+1} + b_hh,
    /// h_{T+1} = 0; the classifier reads h_1. Its chains run toward step 1 and its lag is j - i.
    /// </summary>
    Reverse,
}

/// <summary>Helpers that turn a <see cref="Direction"/> into the step arithmetic of its reading order.</summary>
public static class Directions
{
    /// <summary>0 for forward, 1 for reverse: the direction's block in [h^fwd ; h^rev] and in the model's buffers.</summary>
    public static int Index(this Direction direction) => direction == Direction.Reverse ? 1 : 0;

    /// <summary>"forward" or "reverse", as the CLI and JSON spell it.</summary>
    public static string Name(this Direction direction) => direction == Direction.Reverse ? "reverse" : "forward";

    /// <summary>The step a direction reads just before step t: t - 1 forward, t + 1 reverse.</summary>
    public static int Previous(this Direction direction, int t) => direction == Direction.Reverse ? t + 1 : t - 1;

    /// <summary>The step whose state the classifier reads with the last state: T forward, 1 reverse. Chains and lags count from it with max or mean pooling too.</summary>
    public static int Last(this Direction direction, int length) => direction == Direction.Reverse ? 1 : length;

    /// <summary>
    /// How many recurrent steps separate step i from the step the chain ends at: t - i forward,
    /// i - t reverse (for the classifier's chain, T - i and i - 1).
    /// </summary>
    public static int Lag(this Direction direction, int end, int i) => direction == Direction.Reverse ? i - end : end - i;

    /// <summary>The directions a model with <paramref name="bidirectional"/> layers has.</summary>
    public static IReadOnlyList<Direction> Of(bool bidirectional) => bidirectional ? [Direction.Forward, Direction.Reverse] : [Direction.Forward];

    /// <summary>Parses "forward" / "reverse" (case-insensitive); null when neither.</summary>
    public static Direction? Parse(string text) => text.ToLowerInvariant() switch
    {
        "forward" or "fwd" => Direction.Forward,
        "reverse" or "rev" or "backward" => Direction.Reverse,
        _ => null,
    };
}
