using Elman.Training;

namespace Elman.Tests.Training;

public class RmsPropAndScheduleTests
{
    [Fact]
    public void RmsProp_first_steps_follow_the_square_average_rule()
    {
        const double lr = 0.01, alpha = 0.99, eps = 1e-8;
        var w = new double[] { 1.0 };
        var opt = new RmsProp<double>(1, lr, alpha, eps);
        opt.Step(w, [2.0]);
        double v = (1 - alpha) * 4;
        double expected = 1.0 - lr * 2 / (Math.Sqrt(v) + eps);
        Assert.Equal(expected, w[0], 14);
        opt.Step(w, [-1.0]);
        v = alpha * v + (1 - alpha) * 1;
        expected -= lr * -1 / (Math.Sqrt(v) + eps);
        Assert.Equal(expected, w[0], 14);
    }

    [Fact]
    public void Centered_RmsProp_with_momentum_uses_the_variance_and_a_buffer()
    {
        const double lr = 0.1, alpha = 0.9, eps = 1e-8, mu = 0.5;
        var w = new double[] { 0.0 };
        var opt = new RmsProp<double>(1, lr, alpha, eps, momentum: mu, centered: true);
        opt.Step(w, [1.0]);
        opt.Step(w, [3.0]);
        double v = 0, gAvg = 0, buf = 0, expected = 0;
        foreach (double g in new[] { 1.0, 3.0 })
        {
            v = alpha * v + (1 - alpha) * g * g;
            gAvg = alpha * gAvg + (1 - alpha) * g;
            buf = mu * buf + g / (Math.Sqrt(v - gAvg * gAvg) + eps);
            expected -= lr * buf;
        }
        Assert.Equal(expected, w[0], 12);
    }

    [Fact]
    public void Step_schedule_decays_by_gamma_every_step_size_epochs()
    {
        var s = new LearningRateSchedule(ScheduleKind.Step, 1.0, 100, 10, StepSize: 2, Gamma: 0.5);
        Assert.Equal(1.0, s.RateAt(0));
        Assert.Equal(1.0, s.RateAt(19));
        Assert.Equal(0.5, s.RateAt(20));
        Assert.Equal(0.25, s.RateAt(45));
    }

    [Fact]
    public void Cosine_schedule_runs_from_the_base_rate_to_the_minimum()
    {
        var s = new LearningRateSchedule(ScheduleKind.Cosine, 1.0, 100, 10, MinRate: 0.1);
        Assert.Equal(1.0, s.RateAt(0), 15);
        Assert.Equal(0.55, s.RateAt(50), 15);
        Assert.Equal(0.1, s.RateAt(100), 15);
    }

    [Fact]
    public void Warmup_ramps_linearly_then_hands_over()
    {
        var s = new LearningRateSchedule(ScheduleKind.Constant, 0.8, 100, 10, WarmupSteps: 4);
        double[] expected = [0.2, 0.4, 0.6, 0.8, 0.8];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], s.RateAt(i), 15);
    }
}
