namespace Elman.Layers;

/// <summary>The element-wise nonlinearity σ of an Elman layer, h_t = σ(z_t), as in PyTorch's <c>nn.RNN</c>.</summary>
public enum Nonlinearity
{
    /// <summary>σ(z) = tanh(z); σ'(z) = 1 - tanh²(z) = 1 - h².</summary>
    Tanh,

    /// <summary>σ(z) = max(z, 0); σ'(z) = 1 for z &gt; 0, else 0.</summary>
    Relu,
}
