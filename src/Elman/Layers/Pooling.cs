namespace Elman.Layers;

/// <summary>
/// How the classifier reads the top layer's outputs o_t = [h_t^fwd ; h_t^rev] (just h_t when
/// unidirectional) of one sequence of length len: only the steps t = 1..len take part, padding never does.
/// </summary>
public enum Pooling
{
    /// <summary>
    /// The state at the sequence's last read step: [h_len^fwd ; h_1^rev], PyTorch's <c>h_n</c> of packed
    /// sequences. The default, and what a checkpoint without a "pooling" config field means.
    /// </summary>
    Last,

    /// <summary>max_t o_t[j] for each feature j over t = 1..len; on ties the first (smallest) t gets the gradient.</summary>
    Max,

    /// <summary>(1/len) Σ_{t=1..len} o_t.</summary>
    Mean,
}
