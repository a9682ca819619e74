namespace Elman.Model;

/// <summary>
/// What a model's workspace holds after its last pass, in elements of its scalar type: the buffers kept
/// from the forward pass for backpropagation through time (the time-major input, every layer's h_t, and
/// for bidirectional or dropout models the reversed input, concatenated outputs and masks) and the
/// scratch of the backward pass (dz and, for stacked layers, ∂ℓ/∂(layer input)).
/// </summary>
/// <param name="Retained">Elements kept from the forward pass.</param>
/// <param name="Scratch">Elements of backward scratch; 0 when the model has only run inference.</param>
public readonly record struct ActivationMemory(long Retained, long Scratch);
