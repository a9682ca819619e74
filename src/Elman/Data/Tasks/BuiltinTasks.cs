using Elman.Numerics;

namespace Elman.Data.Tasks;

/// <summary>A synthetic task that generates labelled sequences on the fly from a seed.</summary>
/// <param name="Name">The task's name, as a run's <c>SyntheticData.Task</c> names it.</param>
/// <param name="Description">One line for help texts.</param>
/// <param name="InputSize">Width D of each input vector.</param>
/// <param name="ClassNames">One name per class.</param>
/// <param name="Generate">(count, length, random) → dataset.</param>
/// <param name="Head">The output head the task needs (regression for the adding problem).</param>
public sealed record SyntheticTask(string Name, string Description, int InputSize, IReadOnlyList<string> ClassNames, Func<int, int, SeededRandom, SequenceDataset> Generate, Model.OutputHead Head = Model.OutputHead.Classification)
{
    /// <summary>Outputs of the model: the number of classes, or 1 for regression.</summary>
    public int Outputs => Head == Model.OutputHead.Regression ? 1 : ClassNames.Count;
}

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
        new("adding", "The adding problem: the sum of the two marked values among T uniform ones (regression; predicting 1 gives MSE 1/6)",
            AddingTask.InputSize, ["target"], AddingTask.Generate, Model.OutputHead.Regression),
        new("copy-first", "Pure memory: the class is the first of T one-hot symbols, the rest is noise (8 classes)",
            CopyFirstTask.Symbols, CopyFirstTask.ClassNames, CopyFirstTask.Generate),
        new("parity", "Parity of a string of T random bits (2 classes)",
            ParityTask.InputSize, ParityTask.ClassNames, ParityTask.Generate),
    ];

    /// <summary>The task called <paramref name="name"/>.</summary>
    /// <exception cref="ElmanException">No such task.</exception>
    public static SyntheticTask Get(string name)
        => All.FirstOrDefault(t => t.Name == name)
           ?? throw new ElmanException($"unknown task '{name}', expected one of: {string.Join(", ", All.Select(t => t.Name))}");
}
