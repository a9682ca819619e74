using System.Numerics;
using Elman.Model;

namespace Elman.Analysis;

/// <summary>
/// A copy of the weights the derivation reads (W_hh and W_ih of every layer and direction, W_o), shared
/// by the traces of one forward pass, so they stay consistent when the model trains on.
/// </summary>
sealed class WeightSnapshot<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public WeightSnapshot(RnnClassifier<T> model)
    {
        Config = model.Config;
        RecurrentWeights = new T[Config.NumLayers, Config.Directions][];
        InputWeights = new T[Config.NumLayers, Config.Directions][];
        for (int k = 0; k < Config.NumLayers; k++)
            for (int d = 0; d < Config.Directions; d++)
            {
                var p = model.Layout.Recurrent(k, reverse: d == 1);
                RecurrentWeights[k, d] = model.Weights[p.WeightHh].ToArray();
                InputWeights[k, d] = model.Weights[p.WeightIh].ToArray();
            }
        OutputWeights = model.Weights[ParameterLayout.FcWeight].ToArray();
    }

    public RnnConfig Config { get; }
    /// <summary>W_hh of every layer and direction: [L, dirs][H, H].</summary>
    public T[,][] RecurrentWeights { get; }
    /// <summary>W_ih of every layer and direction: [L, dirs][H, D or H·dirs].</summary>
    public T[,][] InputWeights { get; }
    /// <summary>W_o: [C, H·dirs].</summary>
    public T[] OutputWeights { get; }
}
