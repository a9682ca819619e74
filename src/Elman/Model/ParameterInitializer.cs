using System.Numerics;
using Elman.Numerics;

namespace Elman.Model;

/// <summary>Fills a model's weights the way PyTorch initialises the same modules.</summary>
public static class ParameterInitializer
{
    /// <summary>
    /// PyTorch's defaults: <c>nn.RNN</c> draws every weight and bias from U(-1/√H, 1/√H);
    /// <c>nn.Linear(H·dirs, C)</c> draws weight and bias from U(-1/√(H·dirs), 1/√(H·dirs)) (kaiming_uniform with a = √5
    /// reduces to that bound); <c>nn.Embedding</c> draws N(0, 1) and zeroes the padding row 0.
    /// Tensors are filled in layout order from <paramref name="random"/>, so a seed fixes every value.
    /// </summary>
    public static void PyTorchDefault<T>(Parameters<T> weights, RnnConfig config, SeededRandom random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double bound = 1.0 / Math.Sqrt(config.HiddenSize), fcBound = 1.0 / Math.Sqrt(config.OutputSize);
        foreach (var info in weights.Layout.Tensors)
        {
            var values = weights[info];
            if (info.Name == ParameterLayout.EmbeddingWeight)
            {
                for (int i = 0; i < values.Length; i++) values[i] = T.CreateChecked(random.NextNormal());
                values.Slice(0, config.InputSize).Clear();
            }
            else
            {
                double b = info.Name.StartsWith("fc.", StringComparison.Ordinal) ? fcBound : bound;
                for (int i = 0; i < values.Length; i++) values[i] = T.CreateChecked(random.NextUniform(-b, b));
            }
        }
    }
}
