using Elman.Numerics;

namespace Elman.Data.Tasks;

/// <summary>A synthetic task that generates labelled sequences on the fly from a seed.</summary>
/// <param name="Name">The name <c>--task</c> takes.</param>
/// <param name="Description">One line for help texts.</param>
/// <param name="InputSize">Width D of each input vector.</param>
/// <param name="ClassNames">One name per class.</param>
/// <param name="Generate">(count, length, random) → dataset.</param>
public sealed record SyntheticTask(string Name, string Description, int InputSize, IReadOnlyList<string> ClassNames, Func<int, int, SeededRandom, SequenceDataset> Generate);

/// <summary>The synthetic tasks <c>elman train --task</c> knows, by name.</summary>
public static class BuiltinTasks
{
    /// <summary>The default task's name.</summary>
    public const string Default = "temporal-order";

    /// <summary>Every task.</summary>
    public static IReadOnlyList<SyntheticTask> All { get; } =
    [
        new(Default, "Hochreiter & Schmidhuber's temporal order: which of X/Y came first and second among noise (4 classes)",
            TemporalOrderTask.InputSize, TemporalOrderTask.ClassNames, TemporalOrderTask.Generate),
    ];

    /// <summary>The task called <paramref name="name"/>.</summary>
    /// <exception cref="ElmanException">No such task.</exception>
    public static SyntheticTask Get(string name)
        => All.FirstOrDefault(t => t.Name == name)
           ?? throw new ElmanException($"unknown task '{name}', expected one of: {string.Join(", ", All.Select(t => t.Name))}");
}
