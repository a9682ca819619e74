using Elman.IO;

namespace Elman.Training;

/// <summary>
/// The range and consistency rules of a <see cref="TrainingState"/>, checked on load so that a damaged
/// or hand-edited checkpoint is refused with one line naming the field, instead of crashing the
/// trainer or silently continuing a different run. The rules restate what <see cref="Trainer"/> keeps
/// true between any two steps.
/// </summary>
internal static class TrainingStateChecks
{
    // Far beyond any run (30 000 years), well inside TimeSpan's range.
    const double MaxSeconds = 1e12;

    /// <summary>A duration in seconds, finite and in [0, 10¹² s].</summary>
    public static TimeSpan Seconds(JsonFields json, string name)
    {
        double seconds = json.Exact(name);
        return seconds is >= 0 and <= MaxSeconds ? TimeSpan.FromSeconds(seconds)
            : throw json.Fail($"field '{name}' is {seconds}, expected a duration in [0, {MaxSeconds:E0}] seconds");
    }

    /// <summary>The class weights under 'class_weights': finite, ≥ 0 and within float range; null when absent.</summary>
    public static float[]? ClassWeights(JsonFields json)
    {
        if (json.OptionalExacts("class_weights") is not { } values) return null;
        foreach (double w in values)
            if (!(w >= 0 && w <= float.MaxValue)) throw json.Fail($"field 'class_weights' holds {w}, expected finite weights ≥ 0");
        if (values.Length == 0) throw json.Fail("field 'class_weights' is empty, expected one weight per class");
        return values.Select(w => (float)w).ToArray();
    }

    /// <summary>Checks the fields against each other.</summary>
    public static void CheckConsistent(TrainingState s, JsonFields json)
    {
        int n = s.Order.Length;
        var t = s.Tally;
        if (s.ShuffleRandom.All(w => w == 0)) throw json.Fail("field 'shuffle_random' is all zero, which is not a generator state");
        if (s.DropoutRandom.All(w => w == 0)) throw json.Fail("field 'dropout_random' is all zero, which is not a generator state");
        if (s.Step > 0 && n == 0) throw json.Fail($"field 'step' is {s.Step} but the data order is empty");
        if (s.Step > n) throw json.Fail($"field 'step' is {s.Step}, more than the {n} sequences of an epoch");
        if (s.Step > 0) RequirePermutation(s.Order, json);
        else foreach (int i in s.Order) if (i >= n) throw json.Fail($"data order holds {i}, expected a sequence index in [0, {n - 1}]");
        if (s.Finished && s.Step != 0) throw json.Fail($"field 'finished' is true but field 'step' is {s.Step}: a finished run stops between epochs");

        if (!double.IsFinite(t.LossSum) || t.LossSum < 0) throw json.Fail($"field 'tally.loss_sum' is {t.LossSum}, expected a finite sum ≥ 0");
        if (!double.IsFinite(t.NormSum) || t.NormSum < 0) throw json.Fail($"field 'tally.norm_sum' is {t.NormSum}, expected a finite sum ≥ 0");
        if (t.Correct > t.Seen) throw json.Fail($"field 'tally.correct' is {t.Correct}, more than the {t.Seen} sequences seen");
        if (t.Seen > n) throw json.Fail($"field 'tally.seen' is {t.Seen}, more than the {n} sequences of an epoch");
        if ((long)t.StepsTaken + t.Skipped != s.Step)
            throw json.Fail($"fields 'tally.steps_taken' ({t.StepsTaken}) and 'tally.skipped' ({t.Skipped}) add up to {(long)t.StepsTaken + t.Skipped}, expected the step {s.Step}");
        if (t.StepsTaken > t.Seen) throw json.Fail($"field 'tally.steps_taken' is {t.StepsTaken}, more than the {t.Seen} sequences seen");
        if (s.OptimizerSteps < t.StepsTaken) throw json.Fail($"field 'optimizer_steps' is {s.OptimizerSteps}, fewer than this epoch's {t.StepsTaken} steps");

        if (s.Reports.Count != s.Epoch - 1)
            throw json.Fail($"field 'reports' has {s.Reports.Count} epochs but field 'epoch' is {s.Epoch}, expected {s.Epoch - 1} completed epochs");
        for (int e = 0; e < s.Reports.Count; e++)
        {
            var r = s.Reports[e];
            if (r.Epoch != e + 1) throw json.Fail($"report {e} is for epoch {r.Epoch}, expected {e + 1}");
            if (r.SkippedSteps < 0) throw json.Fail($"report of epoch {r.Epoch} has {r.SkippedSteps} skipped steps, expected ≥ 0");
        }
        int lastBest = s.Reports.LastOrDefault(r => r.IsBest)?.Epoch ?? 0;
        if (s.BestEpoch != lastBest)
            throw json.Fail($"field 'best_epoch' is {s.BestEpoch} but the reports mark epoch {lastBest} as the last best");
        if ((s.BestEpoch > 0) != (s.BestWeights is not null))
            throw json.Fail($"field 'best_epoch' is {s.BestEpoch} but the best weights are {(s.BestWeights is null ? "missing" : "present")}");
        if (s.BestEpoch > 0 && s.Reports[s.BestEpoch - 1].Validation?.Loss is var kept && !kept.Equals(s.BestLoss))
            throw json.Fail($"field 'best_loss' is {s.BestLoss} but epoch {s.BestEpoch}, the best, had validation loss {kept?.ToString() ?? "none"}");
        if (s.BestEpoch == 0 && s.BestLoss != double.PositiveInfinity) throw json.Fail($"field 'best_loss' is {s.BestLoss} but no epoch was best yet, expected ∞");
        if (s.BestEpoch == 0 && s.BestValue is not null) throw json.Fail($"field 'best_value' is {s.BestValue} but no epoch was best yet, expected null");
        if (s.BestEpoch > 0 && s.Reports[s.BestEpoch - 1].Validation is { } best && (s.BestValue is not { } value || !value.Equals(s.SelectBy.ValueOf(best))))
            throw json.Fail($"field 'best_value' is {s.BestValue?.ToString() ?? "null"} but epoch {s.BestEpoch}, the best, had validation {s.SelectBy.Describe()} {s.SelectBy.ValueOf(best)}");
        if (s.ClassWeights is { } weights && weights.Length != s.Config.NumClasses)
            throw json.Fail($"field 'class_weights' has {weights.Length} weights for a model of {s.Config.NumClasses} classes");
    }

    static void RequirePermutation(int[] order, JsonFields json)
    {
        var seen = new bool[order.Length];
        foreach (int i in order)
        {
            if (i >= order.Length) throw json.Fail($"data order holds {i}, expected a permutation of 0..{order.Length - 1}");
            if (seen[i]) throw json.Fail($"data order holds {i} twice, expected a permutation of 0..{order.Length - 1}");
            seen[i] = true;
        }
    }

    /// <summary>See <see cref="TrainingState.CheckFits"/>.</summary>
    public static void CheckFits(TrainingState s, TrainingOptions options, int trainCount)
    {
        if (s.Order.Length != 0 && s.Order.Length != trainCount)
            throw new ElmanException($"the checkpoint's data order covers {s.Order.Length} sequences but the training set has {trainCount}: the data changed");
        int batch = Math.Max(1, Math.Min(options.BatchSize, Math.Max(trainCount, 1)));
        long stepsPerEpoch = ((long)trainCount + batch - 1) / batch;
        if (s.Step >= Math.Max(stepsPerEpoch, 1))
            throw new ElmanException($"the checkpoint's step {s.Step} lies beyond an epoch of {stepsPerEpoch} steps ({trainCount} sequences, batch size {options.BatchSize})");
        if (s.Tally.Seen > (long)s.Step * batch)
            throw new ElmanException($"the checkpoint has seen {s.Tally.Seen} sequences in {s.Step} steps of at most {batch}");
        // Every step of every epoch either updated the weights or was skipped as non-finite.
        long expectedSteps = (s.Epoch - 1L) * stepsPerEpoch - s.Reports.Sum(r => (long)r.SkippedSteps) + s.Tally.StepsTaken;
        if (s.Order.Length != 0 && s.OptimizerSteps != expectedSteps)
            throw new ElmanException($"the checkpoint's optimizer_steps is {s.OptimizerSteps}, expected {expectedSteps} after {s.Epoch - 1} epochs of {stepsPerEpoch} steps and {s.Step} more");
        if (!s.Finished && s.Epoch > options.Epochs)
            throw new ElmanException($"the checkpoint is in epoch {s.Epoch} of a run of {options.Epochs} epochs but not finished");
        if (s.Finished && s.Epoch - 1 > options.Epochs)
            throw new ElmanException($"the checkpoint finished after {s.Epoch - 1} epochs, more than the run's {options.Epochs}");
    }
}
