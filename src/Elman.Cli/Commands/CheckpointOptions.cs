using System.CommandLine;
using System.Text.Json;
using Elman.IO;
using Elman.Training;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>train</c>'s checkpoint options: <c>--checkpoint-every N[steps|epochs]</c>, <c>--keep K</c>,
/// <c>--checkpoint-dir</c> and <c>--resume DIR|FILE</c>. A checkpoint stores the run's own command line,
/// so a resumed run rebuilds the same data, model and options from it and continues bit-identically
/// (same thread count); Ctrl-C stops between steps after writing a checkpoint.
/// </summary>
sealed class CheckpointOptions
{
    /// <summary>Metadata key of the command line (JSON array of the arguments after <c>train</c>).</summary>
    public const string CommandLineKey = "command_line";
    /// <summary>Metadata key of the thread count the run used.</summary>
    public const string ThreadsKey = "threads";
    /// <summary>Metadata key of the ensemble member (0-based) a checkpoint belongs to; absent for a single model.</summary>
    public const string EnsembleMemberKey = "ensemble_member";

    readonly Option<string?> _every = new("--checkpoint-every") { Description = "Write the full training state every N steps (e.g. 500 or 500steps) or epochs (e.g. 2epochs), atomically; resume with --resume" };
    readonly Option<int> _keep = new("--keep") { Description = "How many checkpoints to keep (the newest)", DefaultValueFactory = _ => 3 };
    readonly Option<string?> _dir = new("--checkpoint-dir") { Description = "Folder for checkpoints (default: <out>.checkpoints next to the model)" };
    readonly Option<string?> _resume = new("--resume") { Description = "Continue the run saved in a checkpoint file, or the latest checkpoint in a folder, with its own options (only --threads, --checkpoint-dir and --keep may be given again)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _every, _keep, _dir, _resume }) command.Options.Add(option);
    }

    /// <summary>Whether periodic checkpoints were asked for.</summary>
    public bool Periodic(ParseResult parse) => parse.GetValue(_every) is not null;

    /// <summary>
    /// With <c>--resume</c>: the saved state and the parse of the run's stored command line, which the
    /// caller uses for every option; without: (null, <paramref name="parse"/>).
    /// </summary>
    public (TrainingState? State, string? Path, ParseResult Parse) Resume(ParseResult parse, Command command)
    {
        if (parse.GetValue(_resume) is not { } resume) return (null, null, parse);
        var path = CheckpointFolder.Latest(resume) ?? throw new ElmanException($"--resume {resume}: the folder holds no complete checkpoint");
        int stray = CheckpointFolder.RemoveStrayTemporaries(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (stray > 0) AnsiConsole.MarkupLine($"[grey]removed {stray} incomplete checkpoint write{(stray == 1 ? "" : "s")} left by an interrupted run[/]");
        var state = TrainingState.FromFile(SafeTensorsFile.Read(path));
        if (!state.Metadata.TryGetValue(CommandLineKey, out var json))
            throw new ElmanException($"{path}: the checkpoint does not record the command line it was trained with, so its data cannot be rebuilt");
        var stored = JsonSerializer.Deserialize<string[]>(json) ?? [];
        var current = CommandLine(parse);
        var given = Options(current).ToList();
        foreach (var (name, _) in given)
            if (!Resettable.Contains(name))
                throw new ElmanException($"--resume continues a run with the options it was started with; {name} cannot be given again (only {string.Join(", ", Resettable)})");
        var replay = command.Parse(Options(stored).Where(o => !given.Any(g => g.Name == o.Name)).Concat(given).SelectMany(o => o.Tokens).ToArray());
        if (replay.Errors.Count > 0) throw new ElmanException($"{path}: the stored command line no longer parses: {replay.Errors[0].Message}");
        return (state, path, replay);
    }

    static readonly string[] Resettable = ["--threads", "--checkpoint-dir", "--keep"];

    // A command line as options with their values: "--hidden 64" → ("--hidden", ["--hidden", "64"]).
    static IEnumerable<(string Name, string[] Tokens)> Options(IReadOnlyList<string> tokens)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            int start = i;
            while (i + 1 < tokens.Count && !tokens[i + 1].StartsWith('-')) i++;
            yield return (tokens[start].Split('=')[0], tokens.Skip(start).Take(i - start + 1).ToArray());
        }
    }

    /// <summary>
    /// Wires checkpointing into <paramref name="trainer"/>: how often, where, and what each state records
    /// (the command line of <paramref name="parse"/> without <c>--resume</c>, the thread count, the ensemble
    /// <paramref name="member"/> if any, and <paramref name="metadata"/>).
    /// Returns the folder, which Ctrl-C writes to even when no periodic checkpoints were asked for.
    /// </summary>
    public CheckpointFolder Configure(Trainer trainer, ParseResult parse, string modelPath, int threads, IReadOnlyDictionary<string, string> metadata, int? member = null)
    {
        var meta = new Dictionary<string, string>(metadata)
        {
            [CommandLineKey] = JsonSerializer.Serialize(CommandLine(parse)),
            [ThreadsKey] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (member is { } m) meta[EnsembleMemberKey] = m.ToString(System.Globalization.CultureInfo.InvariantCulture);
        trainer.StateMetadata = meta;
        var folder = new CheckpointFolder(parse.GetValue(_dir) ?? modelPath + ".checkpoints", parse.GetValue(_keep)) { Member = member };
        if (parse.GetValue(_every) is not { } every) return folder;
        var (count, epochs) = ParseEvery(every);
        if (epochs) trainer.CheckpointEveryEpochs = count;
        else trainer.CheckpointEverySteps = count;
        trainer.CheckpointDue = state => trainer.LastGoodCheckpoint = folder.Write(state);
        return folder;
    }

    /// <summary>After a stop by Ctrl-C: writes a checkpoint of where training stands and says how to resume.</summary>
    public static void WriteInterrupted(Trainer trainer, CheckpointFolder folder)
    {
        string path = folder.Write(trainer.CaptureState());
        AnsiConsole.MarkupLine($"[yellow]interrupted[/]: training state written to {Markup.Escape(path)}; continue with: elman train --resume {Markup.Escape(folder.Path)}");
    }

    static (int Count, bool Epochs) ParseEvery(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        bool epochs = t.EndsWith("epochs") || t.EndsWith("epoch");
        string number = t.TrimEnd("abcdefghijklmnopqrstuvwxyz ".ToCharArray());
        if (!int.TryParse(number, out int count) || count < 1)
            throw new ElmanException($"--checkpoint-every is '{text}', expected a positive number of steps or epochs, e.g. 500 or 2epochs");
        return (count, epochs);
    }

    static string[] CommandLine(ParseResult parse)
    {
        var tokens = parse.Tokens.Select(t => t.Value).ToList();
        if (tokens.Count > 0 && tokens[0] == "train") tokens.RemoveAt(0);
        int i = tokens.IndexOf("--resume");
        if (i >= 0) tokens.RemoveRange(i, Math.Min(2, tokens.Count - i));
        return tokens.ToArray();
    }
}
