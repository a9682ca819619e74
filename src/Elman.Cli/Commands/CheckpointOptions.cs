using System.CommandLine;
using Elman.Runs;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>train</c>'s checkpoint options: <c>--checkpoint-every N[steps|epochs]</c>, <c>--keep K</c>,
/// <c>--checkpoint-dir</c> and <c>--resume DIR|FILE</c>. A checkpoint stores the run itself (<see cref="TrainingRun"/>),
/// so a resumed run rebuilds the same data, model and options from it and continues bit-identically (same thread
/// count); Ctrl-C stops between steps after writing a checkpoint.
/// </summary>
sealed class CheckpointOptions
{
    readonly Option<string?> _every = new("--checkpoint-every") { Description = "Write the full training state every N steps (e.g. 500 or 500steps) or epochs (e.g. 2epochs), atomically; resume with --resume" };
    readonly Option<int?> _keep = new("--keep") { Description = "How many checkpoints to keep (the newest; default 3)" };
    readonly Option<string?> _dir = new("--checkpoint-dir") { Description = "Folder for checkpoints (default: <out>.checkpoints next to the model)" };

    public Option<string?> Resume { get; } = new("--resume") { Description = "Continue the run saved in a checkpoint file, or the latest checkpoint in a folder, with its own options (only --threads, --checkpoint-dir and --keep may be given again)" };

    public IEnumerable<Option> All => [_every, _keep, _dir, Resume];

    /// <summary>The options a resumed run may set again; every other one belongs to the stored run.</summary>
    public IEnumerable<Option> Resettable => [_keep, _dir];

    /// <summary>The policy the command line asks for, writing next to <paramref name="modelPath"/> unless --checkpoint-dir says otherwise.</summary>
    public CheckpointPolicy Read(ParseResult parse, string modelPath)
    {
        var (steps, epochs) = parse.GetValue(_every) is { } every ? ParseEvery(every) : (0, 0);
        return new CheckpointPolicy(parse.GetValue(_dir) ?? modelPath + ".checkpoints", steps, epochs, parse.GetValue(_keep) ?? 3);
    }

    /// <summary>A stored policy with --checkpoint-dir and --keep applied, when given again.</summary>
    public CheckpointPolicy Reset(ParseResult parse, CheckpointPolicy stored)
        => stored with { Folder = parse.GetValue(_dir) ?? stored.Folder, Keep = parse.GetValue(_keep) ?? stored.Keep };

    static (int Steps, int Epochs) ParseEvery(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        bool epochs = t.EndsWith("epochs") || t.EndsWith("epoch");
        string number = t.TrimEnd("abcdefghijklmnopqrstuvwxyz ".ToCharArray());
        if (!int.TryParse(number, out int count) || count < 1)
            throw new ElmanException($"--checkpoint-every is '{text}', expected a positive number of steps or epochs, e.g. 500 or 2epochs");
        return epochs ? (0, count) : (count, 0);
    }
}
