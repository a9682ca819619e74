using Elman.Model;
using Elman.Numerics;
using Elman.Tests.Support;

namespace Elman.Tests.Model;

/// <summary>
/// BPTT of the class-weighted cross-entropy (<see cref="RnnClassifier{T}.ClassWeights"/>) against central finite
/// differences of the weighted loss, in double precision, on every classification case of <see cref="RandomModels"/>.
/// </summary>
public class ClassWeightGradientTests
{
    const double Eps = 1e-5;

    public static IEnumerable<object[]> ClassificationCases() => RandomModels.SmallCases().Where(o => !((ModelCase)o[0]).Regression);

    static double[] Weights(ModelCase c)
    {
        var rng = new SeededRandom(c.Seed + 500);
        return Enumerable.Range(0, c.Classes).Select(_ => 0.2 + 2.5 * rng.NextDouble()).ToArray();
    }

    [Theory]
    [MemberData(nameof(ClassificationCases))]
    public void Every_parameter_gradient_of_the_weighted_loss_matches_central_differences(ModelCase c)
    {
        var model = RandomModels.Model<double>(c);
        var batch = RandomModels.Batch<double>(c, c.Seed + 100);
        model.ClassWeights = Weights(c);
        RandomModels.FixDropoutMasks(model, batch);
        CentralDifferences.AssertEveryParameter(model, batch, c.ToString(), Eps);
    }

    [Theory]
    [MemberData(nameof(ClassificationCases))]
    public void The_weighted_loss_is_the_weighted_mean_of_the_per_sequence_losses(ModelCase c)
    {
        var model = RandomModels.Model<double>(c);
        var batch = RandomModels.Batch<double>(c, c.Seed + 100);
        var weights = Weights(c);
        model.Forward(batch);
        var p = model.Probabilities;
        var labels = batch.Labels.Span;
        double numerator = 0, denominator = 0;
        for (int b = 0; b < c.Batch; b++)
        {
            numerator -= weights[labels[b]] * Math.Log(p[b * c.Classes + labels[b]]);
            denominator += weights[labels[b]];
        }
        model.ClassWeights = weights;
        model.Forward(batch);
        Assert.Equal(numerator / denominator, model.Loss, 12);
    }

    [Fact]
    public void Weights_must_fit_the_head()
    {
        var classifier = RandomModels.Model<float>(new ModelCase(0, 3, 4, 1, 2, 3, 3, Elman.Layers.Nonlinearity.Tanh, false, 1));
        Assert.Throws<ArgumentException>(() => classifier.ClassWeights = new float[] { 1, 2 });
        var regression = RandomModels.Model<float>(new ModelCase(0, 3, 4, 1, 2, 3, 1, Elman.Layers.Nonlinearity.Tanh, false, 1, Regression: true));
        Assert.Throws<ArgumentException>(() => regression.ClassWeights = new float[] { 1 });
    }
}
