namespace Elman.Runs;

/// <summary>
/// Where the caller puts what a run produces. The runner writes only checkpoints; the model and reports are the
/// caller's to write, and a resumed run writes them where the interrupted one would have.
/// </summary>
/// <param name="Model">The model file.</param>
/// <param name="Plot">The learning-curve picture (null: next to the model).</param>
/// <param name="TrackGradients">Measure the gradient flow after every epoch (‖W_hh‖₂, ‖∂ℓ/∂h_i‖₂ per lag) into files next to the model.</param>
public sealed record RunOutputs(string? Model = null, string? Plot = null, bool TrackGradients = false);
