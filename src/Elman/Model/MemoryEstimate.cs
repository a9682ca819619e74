namespace Elman.Model;

/// <summary>
/// What a model costs in memory before anything is allocated, so that sizes that cannot fit are refused
/// up front with the estimate rather than failing half-way (or overflowing an index).
/// </summary>
public static class MemoryEstimate
{
    /// <summary>The number of scalar parameters in 64-bit arithmetic; <see cref="long.MaxValue"/> if even that overflows.</summary>
    public static long ParameterCount(RnnConfig config)
    {
        try
        {
            checked
            {
                long h = config.HiddenSize, dirs = config.Directions, w = h * dirs, d = config.InputSize, c = config.NumClasses;
                long count = config.VocabSize * d;
                for (int k = 0; k < config.NumLayers; k++)
                    count += dirs * (h * (k == 0 ? d : w) + h * h + 2 * h);
                return count + c * w + c;
            }
        }
        catch (OverflowException) { return long.MaxValue; }
    }

    /// <summary>
    /// The number of values in a data set of <paramref name="count"/> sequences of <paramref name="steps"/>
    /// steps of <paramref name="width"/> values each (N·T·D, in checked 64-bit arithmetic), as an array
    /// length: generating or reading it can then not overflow an index.
    /// </summary>
    /// <exception cref="ElmanException">A size is negative, or N·T·D exceeds what one array holds.</exception>
    public static int DatasetValues(long count, long steps, long width)
    {
        if (count < 0 || steps < 0 || width < 0)
            throw new ElmanException($"a data set of {count} sequences × {steps} steps × {width} values has a negative size");
        long values = Product(count, steps, width);
        if (values > Array.MaxLength)
            throw new ElmanException($"a data set of {count:N0} sequences × {steps:N0} steps × {width:N0} values needs {(values == long.MaxValue ? "more than 9.2e18" : values.ToString("N0"))} values, " +
                $"more than the {Array.MaxLength:N0} one array holds; use fewer or shorter sequences");
        return (int)values;
    }

    /// <summary>Bytes of everything a training run holds at once (see <see cref="RunFootprint"/>), saturating at <see cref="long.MaxValue"/>.</summary>
    public static long RunBytes(RunFootprint run)
    {
        ArgumentNullException.ThrowIfNull(run);
        double total = TrainingBytes(run.Config, run.Batch, run.Steps, run.OptimizerBuffers);
        // Finished members' weights are kept until the merge; the merged model's weights and a copy to write.
        total += 4.0 * ParameterCount(run.Config) * Math.Max(0, run.Members - 1);
        if (run.Members > 1) total += 2 * 4.0 * ParameterCount(MergedConfig(run.Config, run.Members));
        foreach (var set in run.DataSets)
            total += 4.0 * Product(set.Count, set.Steps, set.Width) + 8.0 * set.Count;   // values; lengths and labels
        return total >= long.MaxValue ? long.MaxValue : (long)total;
    }

    /// <summary>
    /// Refuses, before any work, a run whose data sets, model or merged ensemble cannot exist: a data set
    /// over one array's length, a merged model (K members of width H make one of width K·H) over
    /// <see cref="int.MaxValue"/> units or <see cref="Array.MaxLength"/> parameters, or a total over 80 % of
    /// <paramref name="availableBytes"/> (default: the memory available to this process).
    /// </summary>
    /// <exception cref="ElmanException">One line with the size that does not fit and the estimate.</exception>
    public static void EnsureRunFits(RunFootprint run, long? availableBytes = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        foreach (var set in run.DataSets)
        {
            try { DatasetValues(set.Count, set.Steps, set.Width); }
            catch (ElmanException e) { throw new ElmanException($"the {set.Name} set: {e.Message}"); }
        }
        if (run.Members < 1) throw new ElmanException($"an ensemble of {run.Members} members, expected ≥ 1");
        long mergedHidden = (long)run.Config.HiddenSize * run.Members;
        long mergedInput = run.Config.HasEmbedding ? (long)run.Config.InputSize * run.Members : run.Config.InputSize;
        if (mergedHidden > int.MaxValue || mergedInput > int.MaxValue)
            throw new ElmanException($"the merged ensemble of {run.Members} members would have {mergedHidden:N0} hidden units, more than {int.MaxValue:N0}");
        long parameters = Math.Max(ParameterCount(run.Config), run.Members > 1 ? ParameterCount(MergedConfig(run.Config, run.Members)) : 0);
        if (parameters > Array.MaxLength)
            throw new ElmanException($"{(run.Members > 1 ? $"the merged ensemble of {run.Members} members" : "this model")} would have {Count(parameters)} parameters, more than the {Array.MaxLength:N0} one array holds");
        long needed = RunBytes(run);
        long available = availableBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (needed > 0.8 * available)
            throw new ElmanException($"this run needs about {Format(needed)} (model, {run.Members} member(s), merged ensemble and {run.DataSets.Count} data set(s)) but {Format(available)} is available");
    }

    static RnnConfig MergedConfig(RnnConfig c, int members) => c with
    {
        InputSize = c.HasEmbedding ? (int)Math.Min(int.MaxValue, (long)c.InputSize * members) : c.InputSize,
        HiddenSize = (int)Math.Min(int.MaxValue, (long)c.HiddenSize * members),
    };

    // N·T·D saturating at long.MaxValue instead of wrapping.
    static long Product(long a, long b, long c)
    {
        try { return checked(a * b * c); }
        catch (OverflowException) { return long.MaxValue; }
    }

    static string Count(long n) => n == long.MaxValue ? "more than 9.2e18" : n.ToString("N0");

    /// <summary>
    /// Bytes needed to train <paramref name="config"/> in float32 on batches of <paramref name="batch"/>
    /// sequences of <paramref name="steps"/> steps: weights, gradients, the best-epoch copy and
    /// <paramref name="optimizerBuffers"/> optimiser buffers per parameter, plus the BPTT activations
    /// (the buffers <see cref="RnnClassifier{T}.ActivationMemory"/> reports, [T, B, ·]).
    /// </summary>
    public static long TrainingBytes(RnnConfig config, int batch, int steps, int optimizerBuffers)
    {
        double rows = (double)batch * steps;
        double d = config.InputSize, h = config.HiddenSize, w = config.OutputSize, layers = config.NumLayers;
        double retained = d + layers * config.Directions * h
            + (config.Bidirectional ? layers * w + Math.Max(d, w) : 0)
            + (config.Dropout > 0 ? 2.0 * (layers - 1) * w : 0);
        double scratch = w * (layers > 1 ? 2 : 1)
            + (config.Bidirectional ? Math.Max(d, w) + 2 * h : 0)
            + (config.VocabSize > 0 ? d : 0);
        double activations = rows * (retained + scratch);
        double total = 4.0 * (ParameterCount(config) * (3.0 + optimizerBuffers) + activations);
        return total >= long.MaxValue ? long.MaxValue : (long)total;
    }

    /// <summary>
    /// Throws <see cref="ElmanException"/> with the estimate when training would need more than 80 % of
    /// <paramref name="availableBytes"/> (default: the memory available to this process), or when the
    /// parameters exceed what one array can hold.
    /// </summary>
    public static void EnsureFits(RnnConfig config, int batch, int steps, int optimizerBuffers, long? availableBytes = null)
    {
        long parameters = ParameterCount(config);
        long needed = TrainingBytes(config, batch, steps, optimizerBuffers);
        long available = availableBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (parameters > Array.MaxLength || needed > 0.8 * available)
            throw new ElmanException(
                $"this model needs about {Format(needed)} to train ({parameters:N0} parameters; activations for {batch} × {steps} steps) " +
                $"but {Format(available)} is available; reduce the hidden size, layers, batch size or sequence length");
    }

    static string Format(long bytes) => bytes == long.MaxValue ? "more than 8 EiB" : bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):F1} GiB" : $"{bytes / (double)(1L << 20):F0} MiB";
}
