using System.CommandLine;
using Elman.Numerics;

namespace Elman.Cli.Commands;

/// <summary>Options several commands share, with one description each.</summary>
static class CommonOptions
{
    public static Option<int> Threads() => new("--threads")
    {
        Description = "Threads for the matrix products; results are bit-identical for a given seed and thread count",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public static Option<string> Model(bool required) => new("--model", "-m")
    {
        Description = "Model checkpoint (.safetensors) written by 'elman train' or by PyTorch with a config in __metadata__",
        Required = required,
    };

    public static WorkerPool CreatePool(int threads)
    {
        if (threads < 1 || threads > 256) throw new ElmanException($"--threads is {threads}, expected 1 to 256");
        return new WorkerPool(threads);
    }

    /// <summary>Throws a one-line error naming the option unless <paramref name="value"/> is in [min, max].</summary>
    public static int InRange(int value, string option, int min, int max = int.MaxValue)
        => value >= min && value <= max ? value : throw new ElmanException($"{option} is {value}, expected {(max == int.MaxValue ? $"≥ {min}" : $"{min} to {max}")}");

    /// <summary>Throws a one-line error naming the option unless <paramref name="value"/> is positive and finite.</summary>
    public static double Positive(double value, string option)
        => value > 0 && double.IsFinite(value) ? value : throw new ElmanException($"{option} is {value}, expected a positive number");
}
