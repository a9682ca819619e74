using System.CommandLine;
using Elman.Analysis;
using Elman.Data;
using Elman.Data.Tasks;
using Elman.IO;
using Elman.Model;
using Elman.Numerics;

namespace Elman.Cli.Commands;

/// <summary>The labelled sequences <c>elman analyse</c> runs a model on: fresh sequences of a built-in task, or a batch file.</summary>
sealed class AnalysisData
{
    readonly Option<string?> _task = new("--task") { Description = "Built-in task to generate sequences from (default: the task stored in the model)" };
    readonly Option<int?> _length = new("--length") { Description = "Sequence length T (default: the one stored in the model)" };
    readonly Option<int> _count = new("--count") { Description = "How many sequences to generate and average over", DefaultValueFactory = _ => 64 };
    readonly Option<ulong?> _seed = new("--seed") { Description = "Seed of the generated sequences (default: the training seed's test set)" };
    readonly Option<string?> _inputs = new("--inputs", "-i") { Description = "Analyse the sequences of a batch file instead (safetensors with x or tokens, lengths, y; as for 'elman grad')" };

    public IEnumerable<Option> Options => [_task, _length, _count, _seed, _inputs];

    /// <summary>Whether any of these options was given on the command line.</summary>
    public bool IsGiven(ParseResult parse) => Options.Any(o => parse.GetResult(o) is { Implicit: false });

    /// <summary>The batch, in double precision, and a one-line description of where it came from.</summary>
    public (SequenceBatch<double> Batch, string Description) Load(ParseResult parse, string modelPath, LoadedModel<double> loaded)
    {
        var config = loaded.Model.Config;
        if (parse.GetValue(_inputs) is { } path)
        {
            if (parse.GetValue(_task) is not null) throw new ElmanException("--task and --inputs exclude each other: analyse either a built-in task or a batch file");
            return (BatchFile.Read<double>(path, config), path);
        }
        var metadata = loaded.Metadata;
        string taskName = parse.GetValue(_task) ?? (metadata.TryGetValue(MetadataKeys.Task, out var t) ? t : BuiltinTasks.Default);
        var task = BuiltinTasks.Get(taskName);
        if (config.HasEmbedding || config.InputSize != task.InputSize || config.NumClasses != task.ClassNames.Count)
            throw new ElmanException($"{modelPath}: model config {config.ToJson()} does not fit task '{taskName}' (input_size {task.InputSize}, num_classes {task.ClassNames.Count}); use --inputs for other data");
        int steps = CommonOptions.InRange(parse.GetValue(_length) ?? (metadata.TryGetValue(MetadataKeys.Length, out var l) && int.TryParse(l, out var n) ? n : 30), "--length", 1, 100_000);
        int count = CommonOptions.InRange(parse.GetValue(_count), "--count", 1, 100_000);
        ulong seed = parse.GetValue(_seed) ?? (metadata.TryGetValue(MetadataKeys.Seed, out var s) && ulong.TryParse(s, out var v) ? v : 0);
        var data = task.Generate(count, steps, SeededRandom.Derive(seed, 12));
        return (AnalysisBatch.FromDataset(data, count), $"{count} sequences of {taskName}, T = {steps}, seed {seed}");
    }
}
