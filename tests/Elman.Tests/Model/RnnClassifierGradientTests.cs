using Elman.Data;
using Elman.Model;
using Elman.Tests.Support;

namespace Elman.Tests.Model;

/// <summary>BPTT against central finite differences of the forward pass, in double precision, for every head: the last state and max and mean pooling.</summary>
public class RnnClassifierGradientTests
{
    const double Eps = 1e-5;

    [Theory]
    [MemberData(nameof(RandomModels.SmallCases), MemberType = typeof(RandomModels))]
    [MemberData(nameof(RandomModels.PooledCases), MemberType = typeof(RandomModels))]
    public void Every_parameter_gradient_matches_central_differences(ModelCase c)
    {
        var model = RandomModels.Model<double>(c);
        var batch = RandomModels.Batch<double>(c, c.Seed + 100);
        RandomModels.FixDropoutMasks(model, batch);
        CentralDifferences.AssertEveryParameter(model, batch, c.ToString(), Eps);
    }

    [Theory]
    [MemberData(nameof(RandomModels.DenseCases), MemberType = typeof(RandomModels))]
    [MemberData(nameof(RandomModels.PooledDenseCases), MemberType = typeof(RandomModels))]
    public void Dense_input_gradient_matches_central_differences(ModelCase c)
    {
        var model = RandomModels.Model<double>(c);
        var batch = RandomModels.Batch<double>(c, c.Seed + 200);
        RandomModels.FixDropoutMasks(model, batch);
        model.ComputeGradients(batch, inputGradient: true);
        var analytic = model.InputGradient.ToArray();

        var x = batch.X.ToArray();
        var numeric = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i];
            x[i] = xi + Eps;
            model.Forward(SequenceBatch<double>.Dense(x, c.Batch, c.Steps, c.Input, batch.Lengths, batch.Labels, batch.Targets));
            double plus = model.Loss;
            x[i] = xi - Eps;
            model.Forward(SequenceBatch<double>.Dense(x, c.Batch, c.Steps, c.Input, batch.Lengths, batch.Labels, batch.Targets));
            double minus = model.Loss;
            x[i] = xi;
            numeric[i] = (plus - minus) / (2 * Eps);
        }
        double err = Norms.RelativeError(analytic, numeric);
        Assert.True(err <= 1e-6, $"{c}: dx relative error {err:E2}");
    }

    [Theory]
    [MemberData(nameof(RandomModels.DeterministicCases), MemberType = typeof(RandomModels))]
    [MemberData(nameof(RandomModels.PooledDeterministicCases), MemberType = typeof(RandomModels))]
    public void Float_path_matches_double_path_on_the_same_weights(ModelCase c)
    {
        var exact = RandomModels.Model<double>(c);
        var fast = new RnnClassifier<float>(c.Config);
        fast.Weights.CopyFrom(exact.Weights);
        exact.Weights.CopyFrom(fast.Weights);   // both now hold the float-rounded weights

        var batchD = RandomModels.Batch<double>(c, c.Seed + 300);
        var batchF = RandomModels.Batch<float>(c, c.Seed + 300);
        double lossD = exact.ComputeGradients(batchD);
        float lossF = fast.ComputeGradients(batchF);

        Assert.True(Math.Abs(lossF - lossD) <= 1e-5 * Math.Abs(lossD), $"{c}: loss {lossF} vs {lossD}");
        foreach (var info in exact.Layout.Tensors)
        {
            double err = Norms.RelativeError(fast.Gradients[info], exact.Gradients[info], floor: 1e-9);
            Assert.True(err <= 1e-5, $"{c}: {info.Name} float vs double relative error {err:E2}");
        }
    }
}
