using System.Numerics;
using Elman.Model;

namespace Elman.Analysis;

/// <summary>
/// A copy of the weights the derivation reads (W_hh and W_ih of every layer, W_o), shared by the traces
/// of one forward pass, so they stay consistent when the model trains on.
/// </summary>
sealed class WeightSnapshot<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public WeightSnapshot(RnnClassifier<T> model)
    {
        Config = model.Config;
        RecurrentWeights = new T[Config.NumLayers][];
        InputWeights = new T[Config.NumLayers][];
        for (int k = 0; k < Config.NumLayers; k++)
        {
            RecurrentWeights[k] = model.Weights[ParameterLayout.WeightHh(k)].ToArray();
            InputWeights[k] = model.Weights[ParameterLayout.WeightIh(k)].ToArray();
        }
        OutputWeights = model.Weights[ParameterLayout.FcWeight].ToArray();
    }

    public RnnConfig Config { get; }
    /// <summary>W_hh of every layer: [L][H, H].</summary>
    public T[][] RecurrentWeights { get; }
    /// <summary>W_ih of every layer: [L][H, D or H].</summary>
    public T[][] InputWeights { get; }
    /// <summary>W_o: [C, H].</summary>
    public T[] OutputWeights { get; }
}
