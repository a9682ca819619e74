using Elman.Layers;
using Elman.Numerics;
using Elman.Tests.Support;

namespace Elman.Tests.Layers;

/// <summary>
/// The class-weighted cross-entropy, PyTorch's CrossEntropyLoss(weight=w, reduction='mean') = Σ_b w_{y_b} ℓ_b / Σ_b w_{y_b}:
/// against a hand computation, central differences in double precision, and the unweighted loss it must reduce to.
/// </summary>
public class SoftmaxCrossEntropyTests
{
    [Fact]
    public void A_tiny_weighted_batch_matches_the_hand_computation()
    {
        // Row 0: logits ln(1, 2, 3) → p = (1/6, 2/6, 3/6), label 1, ℓ_0 = -ln(1/3) = ln 3.
        // Row 1: logits ln(1, 1, 2) → p = (1/4, 1/4, 1/2), label 2, ℓ_1 = -ln(1/2) = ln 2.
        // w = (1, 2, 0.5): ℓ = (2 ln 3 + 0.5 ln 2) / (2 + 0.5); ∂ℓ/∂z_b = w_{y_b} (p_b - e_{y_b}) / 2.5.
        double[] logits = [0, Math.Log(2), Math.Log(3), 0, 0, Math.Log(2)], weights = [1, 2, 0.5];
        int[] labels = [1, 2];
        var p = new double[6];
        double loss = SoftmaxCrossEntropy.Forward<double>(p, logits, labels, 2, 3, weights);
        Assert.Equal((2 * Math.Log(3) + 0.5 * Math.Log(2)) / 2.5, loss, 14);

        var dLogits = new double[6];
        SoftmaxCrossEntropy.Backward<double>(dLogits, p, labels, 2, 3, weights);
        double[] expected = [0.8 / 6, 0.8 * (2.0 / 6 - 1), 0.8 * 3 / 6, 0.2 / 4, 0.2 / 4, 0.2 * (0.5 - 1)];
        for (int i = 0; i < 6; i++) Assert.Equal(expected[i], dLogits[i], 14);
    }

    public static TheoryData<int, int, ulong> Shapes => new() { { 1, 2, 1 }, { 5, 3, 2 }, { 8, 7, 3 }, { 16, 4, 4 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_weighted_gradient_matches_central_differences(int batch, int classes, ulong seed)
    {
        const double eps = 1e-6;
        var rng = new SeededRandom(seed);
        var logits = new double[batch * classes];
        for (int i = 0; i < logits.Length; i++) logits[i] = 3 * rng.NextNormal();
        var labels = new int[batch];
        for (int b = 0; b < batch; b++) labels[b] = rng.NextInt(classes);
        var weights = new double[classes];
        for (int c = 0; c < classes; c++) weights[c] = c == 0 && classes > 2 ? 0 : 0.1 + 3 * rng.NextDouble();   // a zero weight included
        if (weights.Select((w, c) => labels.Contains(c) ? w : 0).Sum() == 0) weights[labels[0]] = 1.5;

        var p = new double[logits.Length];
        SoftmaxCrossEntropy.Forward<double>(p, logits, labels, batch, classes, weights);
        var analytic = new double[logits.Length];
        SoftmaxCrossEntropy.Backward<double>(analytic, p, labels, batch, classes, weights);

        var numeric = new double[logits.Length];
        for (int i = 0; i < logits.Length; i++)
        {
            double z = logits[i];
            logits[i] = z + eps;
            double plus = SoftmaxCrossEntropy.Forward<double>(p, logits, labels, batch, classes, weights);
            logits[i] = z - eps;
            double minus = SoftmaxCrossEntropy.Forward<double>(p, logits, labels, batch, classes, weights);
            logits[i] = z;
            numeric[i] = (plus - minus) / (2 * eps);
        }
        double err = Norms.RelativeError(analytic, numeric);
        Assert.True(err <= 1e-7, $"B={batch} C={classes}: relative error {err:E2}");
    }

    [Fact]
    public void Unit_weights_give_the_unweighted_loss_and_gradient_bit_for_bit()
    {
        var rng = new SeededRandom(5);
        const int batch = 9, classes = 5;
        var logits = new float[batch * classes];
        for (int i = 0; i < logits.Length; i++) logits[i] = 2 * (float)rng.NextNormal();
        var labels = new int[batch];
        for (int b = 0; b < batch; b++) labels[b] = rng.NextInt(classes);
        float[] ones = [1, 1, 1, 1, 1];

        var p = new float[logits.Length];
        var pWeighted = new float[logits.Length];
        float plain = SoftmaxCrossEntropy.Forward<float>(p, logits, labels, batch, classes);
        float weighted = SoftmaxCrossEntropy.Forward<float>(pWeighted, logits, labels, batch, classes, ones);
        Assert.Equal(plain, weighted);
        var d = new float[logits.Length];
        var dWeighted = new float[logits.Length];
        SoftmaxCrossEntropy.Backward<float>(d, p, labels, batch, classes);
        SoftmaxCrossEntropy.Backward<float>(dWeighted, pWeighted, labels, batch, classes, ones);
        Assert.Equal(d, dWeighted);
    }

    [Fact]
    public void Scaling_every_weight_changes_nothing_and_a_batch_of_zero_weights_is_nan_as_in_pytorch()
    {
        double[] logits = [0.3, -1.2, 2.0, 0.7, 0.1, -0.4], w = [0.5, 2, 1], w10 = [5, 20, 10];
        int[] labels = [0, 2];
        var p = new double[6];
        double a = SoftmaxCrossEntropy.Forward<double>(p, logits, labels, 2, 3, w);
        double b = SoftmaxCrossEntropy.Forward<double>(p, logits, labels, 2, 3, w10);
        Assert.Equal(a, b, 14);
        Assert.True(double.IsNaN(SoftmaxCrossEntropy.Forward<double>(p, logits, labels, 2, 3, [0, 1, 0])));
    }
}
