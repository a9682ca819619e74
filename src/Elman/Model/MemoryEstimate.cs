namespace Elman.Model;

/// <summary>
/// What a model costs in memory before anything is allocated, so that sizes that cannot fit are refused
/// up front with the estimate rather than failing half-way (or overflowing an index).
/// </summary>
public static class MemoryEstimate
{
    /// <summary>The number of scalar parameters, computed without overflow.</summary>
    public static long ParameterCount(RnnConfig config)
    {
        long h = config.HiddenSize, w = config.OutputSize, dirs = config.Directions;
        long count = (long)config.VocabSize * config.InputSize;
        for (int k = 0; k < config.NumLayers; k++)
            count += dirs * (h * (k == 0 ? config.InputSize : w) + h * h + 2 * h);
        return count + config.NumClasses * w + config.NumClasses;
    }

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

    static string Format(long bytes) => bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):F1} GiB" : $"{bytes / (double)(1L << 20):F0} MiB";
}
