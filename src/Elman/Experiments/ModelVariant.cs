using Elman.Model;
using Elman.Training;
using Elman.Layers;

namespace Elman.Experiments;

/// <summary>
/// One recipe of the long-range experiments: nonlinearity, initialisation of W_hh, clipping and
/// optimiser, named as in the literature.
/// </summary>
/// <param name="Name">The recipe's name, as the long-range experiment lists its models.</param>
/// <param name="Description">What it is and where it comes from.</param>
/// <param name="Nonlinearity">σ.</param>
/// <param name="Init">W_hh initialisation.</param>
/// <param name="InitScale">Scale of the initial W_hh.</param>
/// <param name="Clip">Clipping rule.</param>
/// <param name="ClipThreshold">Clipping threshold.</param>
/// <param name="LearningRate">SGD learning rate.</param>
/// <param name="Radius">When set, every W_hh is rescaled to this spectral radius after <paramref name="Init"/>.</param>
public sealed record ModelVariant(string Name, string Description, Nonlinearity Nonlinearity, RecurrentInit Init, double InitScale, ClipMode Clip, double ClipThreshold, double LearningRate, double? Radius = null)
{
    /// <summary>The recipes compared by <c>elman experiment long-range</c>: plain SGD as Pascanu et al. (2013) and Le et al. (2015) train them (minibatch 20, lr 0.01).</summary>
    public static IReadOnlyList<ModelVariant> All { get; } =
    [
        new("tanh", "tanh, PyTorch's default init, no clipping", Nonlinearity.Tanh, RecurrentInit.PyTorch, 1, ClipMode.None, 0, 0.01),
        new("tanh-clip", "tanh, default init, Pascanu et al.'s clipping at 1", Nonlinearity.Tanh, RecurrentInit.PyTorch, 1, ClipMode.Pascanu, 1, 0.01),
        new("tanh-radius-clip", "tanh, W_hh rescaled to spectral radius 0.95 (Pascanu et al.'s 'smart tanh'), clipping at 1", Nonlinearity.Tanh, RecurrentInit.PyTorch, 1, ClipMode.Pascanu, 1, 0.01, Radius: 0.95),
        new("tanh-orth-clip", "tanh, orthogonal W_hh, clipping at 1", Nonlinearity.Tanh, RecurrentInit.Orthogonal, 1, ClipMode.Pascanu, 1, 0.01),
        new("irnn", "ReLU, W_hh = I and zero recurrent biases (Le et al.), clipping at 1", Nonlinearity.Relu, RecurrentInit.Identity, 1, ClipMode.Pascanu, 1, 0.01),
        new("relu", "ReLU, PyTorch's default init, clipping at 1", Nonlinearity.Relu, RecurrentInit.PyTorch, 1, ClipMode.Pascanu, 1, 0.01),
    ];

    /// <summary>The variant called <paramref name="name"/>.</summary>
    /// <exception cref="ElmanException">No such variant.</exception>
    public static ModelVariant Get(string name)
        => All.FirstOrDefault(v => v.Name == name)
           ?? throw new ElmanException($"unknown model '{name}', expected one of: {string.Join(", ", All.Select(v => v.Name))}");
}
