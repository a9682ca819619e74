using Elman.Data;
using Elman.Model;

namespace Elman.Tests.Support;

/// <summary>The gradient check every model test shares: BPTT's ∂ℓ/∂θ against (ℓ(θ + ε) − ℓ(θ − ε)) / 2ε, tensor by tensor.</summary>
static class CentralDifferences
{
    /// <summary>
    /// Computes the gradients of <paramref name="model"/> on <paramref name="batch"/> (dropout masks fixed by the caller)
    /// and asserts every parameter tensor's relative error against central differences is at most <paramref name="tolerance"/>.
    /// </summary>
    public static void AssertEveryParameter(RnnClassifier<double> model, SequenceBatch<double> batch, string label, double eps = 1e-5, double tolerance = 1e-6)
    {
        model.ComputeGradients(batch);
        var analytic = (double[])model.Gradients.Values.Clone();
        foreach (var info in model.Layout.Tensors)
        {
            var w = model.Weights[info].ToArray();
            var numeric = new double[info.Length];
            for (int i = 0; i < info.Length; i++)
            {
                model.Weights[info][i] = w[i] + eps;
                model.Forward(batch);
                double plus = model.Loss;
                model.Weights[info][i] = w[i] - eps;
                model.Forward(batch);
                double minus = model.Loss;
                model.Weights[info][i] = w[i];
                numeric[i] = (plus - minus) / (2 * eps);
            }
            double err = Norms.RelativeError(analytic.AsSpan(info.Offset, info.Length), numeric);
            Assert.True(err <= tolerance, $"{label}: {info.Name} relative error {err:E2}");
        }
    }
}
