namespace Elman.Training;

/// <summary>The shape of a learning-rate schedule.</summary>
public enum ScheduleKind
{
    /// <summary>lr stays at its base value.</summary>
    Constant,
    /// <summary>PyTorch's <c>StepLR</c>: lr · γ^⌊epoch / step_size⌋.</summary>
    Step,
    /// <summary>PyTorch's <c>CosineAnnealingLR</c> over the whole run: η_min + (lr - η_min)(1 + cos(π·s/S))/2, per step.</summary>
    Cosine,
}

/// <summary>
/// The learning rate for every step of a run: a base shape (<see cref="ScheduleKind"/>) times an optional
/// linear warm-up from 0 to 1 over the first <see cref="WarmupSteps"/> steps (PyTorch's <c>LinearLR</c>
/// with start factor 1/warmup, chained).
/// </summary>
/// <param name="Kind">The base shape.</param>
/// <param name="BaseRate">lr at the start (after warm-up).</param>
/// <param name="TotalSteps">Steps in the whole run (cosine decays over them).</param>
/// <param name="StepsPerEpoch">Steps in one epoch (step decay counts epochs).</param>
/// <param name="StepSize">Epochs between decays for <see cref="ScheduleKind.Step"/>.</param>
/// <param name="Gamma">Decay factor for <see cref="ScheduleKind.Step"/>.</param>
/// <param name="MinRate">η_min for <see cref="ScheduleKind.Cosine"/>.</param>
/// <param name="WarmupSteps">Steps of linear warm-up (0 = none).</param>
public sealed record LearningRateSchedule(ScheduleKind Kind, double BaseRate, long TotalSteps, int StepsPerEpoch,
    int StepSize = 10, double Gamma = 0.1, double MinRate = 0, long WarmupSteps = 0)
{
    /// <summary>The learning rate of the 0-based step <paramref name="step"/>.</summary>
    public double RateAt(long step)
    {
        double rate = Kind switch
        {
            ScheduleKind.Step => BaseRate * Math.Pow(Gamma, step / Math.Max(StepsPerEpoch, 1) / Math.Max(StepSize, 1)),
            ScheduleKind.Cosine => MinRate + (BaseRate - MinRate) * (1 + Math.Cos(Math.PI * Math.Min(step, TotalSteps) / Math.Max(TotalSteps, 1))) / 2,
            _ => BaseRate,
        };
        return WarmupSteps > 0 && step < WarmupSteps ? rate * (step + 1) / WarmupSteps : rate;
    }
}
