using System.Numerics;

namespace Elman.Training;

/// <summary>
/// Updates a flat parameter buffer from a gradient buffer of the same layout, in one loop. State
/// (momentum, moments) is kept per element in buffers of that layout.
/// </summary>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates an optimiser for <paramref name="parameterCount"/> scalars.</summary>
    protected Optimizer(int parameterCount, double learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        ParameterCount = parameterCount;
        LearningRate = learningRate;
    }

    /// <summary>The number of scalars this optimiser updates.</summary>
    public int ParameterCount { get; }

    /// <summary>The step size used by the next <see cref="Step"/>; a schedule may change it between steps.</summary>
    public double LearningRate { get; set; }

    /// <summary>How many steps have been taken.</summary>
    public long Steps { get; protected set; }

    /// <summary>Applies one update to <paramref name="weights"/> from <paramref name="gradients"/>.</summary>
    public void Step(Span<T> weights, ReadOnlySpan<T> gradients)
    {
        if (weights.Length != ParameterCount || gradients.Length != ParameterCount)
            throw new ArgumentException($"expected {ParameterCount} weights and gradients, got {weights.Length} and {gradients.Length}");
        Steps++;
        Update(weights, gradients);
    }

    /// <summary>The update rule; <see cref="Steps"/> already counts this step.</summary>
    protected abstract void Update(Span<T> weights, ReadOnlySpan<T> gradients);

    /// <summary>The optimiser's per-element state buffers by name (e.g. "momentum_buffer"), for checkpoints; empty buffers are unused.</summary>
    public abstract IReadOnlyDictionary<string, T[]> State { get; }

    /// <summary>Restores <see cref="Steps"/> and every state buffer from a checkpoint, so the next step is exactly the one an uninterrupted run would take.</summary>
    /// <exception cref="ElmanException">A buffer is missing or has the wrong length.</exception>
    public void LoadState(long steps, IReadOnlyDictionary<string, T[]> state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        foreach (var (name, buffer) in State)
        {
            if (buffer.Length == 0) continue;
            if (!state.TryGetValue(name, out var saved) || saved.Length != buffer.Length)
                throw new ElmanException($"optimiser state '{name}' is missing or has {saved?.Length ?? 0} values, expected {buffer.Length}");
            saved.CopyTo(buffer, 0);
        }
        Steps = steps;
    }
}
