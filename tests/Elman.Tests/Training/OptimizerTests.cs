using Elman.Training;

namespace Elman.Tests.Training;

/// <summary>Optimiser steps against values computed by hand from PyTorch's update rules.</summary>
public class OptimizerTests
{
    [Fact]
    public void Sgd_without_momentum_steps_against_the_gradient()
    {
        var w = new double[] { 1.0, -2.0 };
        new Sgd<double>(2, 0.1).Step(w, [0.5, -1.0]);
        Assert.Equal(new[] { 0.95, -1.9 }, w, new ToleranceComparer(1e-15));
    }

    [Fact]
    public void Sgd_momentum_starts_its_buffer_at_the_first_gradient()
    {
        // b1 = g1 = 1; w = 1 - 0.1·1 = 0.9. b2 = 0.9·1 + 2 = 2.9; w = 0.9 - 0.29 = 0.61.
        var w = new double[] { 1.0 };
        var sgd = new Sgd<double>(1, 0.1, momentum: 0.9);
        sgd.Step(w, [1.0]);
        Assert.Equal(0.9, w[0], 15);
        sgd.Step(w, [2.0]);
        Assert.Equal(0.61, w[0], 15);
    }

    [Fact]
    public void Sgd_nesterov_and_weight_decay_follow_pytorch()
    {
        // g1 = 1 + 0.5·2 = 2; b1 = 2; g = 2 + 0.9·2 = 3.8; w = 2 - 0.1·3.8 = 1.62.
        var w = new double[] { 2.0 };
        new Sgd<double>(1, 0.1, momentum: 0.9, weightDecay: 0.5, nesterov: true).Step(w, [1.0]);
        Assert.Equal(1.62, w[0], 15);
    }

    [Fact]
    public void Nesterov_without_momentum_is_refused()
        => Assert.Throws<ArgumentException>(() => new Sgd<double>(1, 0.1, nesterov: true));

    [Fact]
    public void Adam_first_steps_match_the_bias_corrected_rule()
    {
        const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var w = new double[] { 0.5, -0.5 };
        var adam = new Adam<double>(2, lr, b1, b2, eps);
        double[] g1 = [0.2, -3.0], g2 = [-0.1, 1.0];
        adam.Step(w, g1);
        adam.Step(w, g2);

        for (int i = 0; i < 2; i++)
        {
            double m = 0, v = 0, expected = i == 0 ? 0.5 : -0.5;
            foreach (var (g, t) in new[] { (g1[i], 1), (g2[i], 2) })
            {
                m = b1 * m + (1 - b1) * g;
                v = b2 * v + (1 - b2) * g * g;
                double mHat = m / (1 - Math.Pow(b1, t)), vHat = v / (1 - Math.Pow(b2, t));
                expected -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
            Assert.Equal(expected, w[i], 12);
        }
        Assert.Equal(2, adam.Steps);
    }

    [Fact]
    public void AdamW_decays_weights_before_the_adaptive_step()
    {
        // Step 1 moves by lr·sign(g) (m̂/√v̂ = ±1), after shrinking w by (1 - lr·λ).
        var w = new double[] { 1.0 };
        new Adam<double>(1, 0.1, weightDecay: 0.5, decoupledWeightDecay: true, epsilon: 0).Step(w, [3.0]);
        Assert.Equal(1.0 * (1 - 0.1 * 0.5) - 0.1, w[0], 12);
    }

    [Fact]
    public void Step_refuses_buffers_of_the_wrong_length()
        => Assert.Throws<ArgumentException>(() => new Adam<double>(3).Step(new double[2], new double[2]));

    sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}
