using System.Globalization;
using Elman.IO;
using Elman.Training;

namespace Elman.Runs;

/// <summary>
/// Where a run's training states go: the policy (how often, how many kept) and the folder, written
/// atomically (<see cref="CheckpointFolder"/>). Every state records the run itself (<see cref="TrainingRun.ToJson"/>),
/// the thread count and, in an ensemble, its member, so <see cref="ResumePoint.Read"/> rebuilds the run from
/// the file alone. A sink made by <see cref="ResumeFrom"/> also carries the state to continue from.
/// </summary>
public sealed class CheckpointSink
{
    /// <summary>Metadata key of the run's JSON.</summary>
    public const string RunKey = "run";
    /// <summary>Metadata key of the thread count the run used.</summary>
    public const string ThreadsKey = "threads";
    /// <summary>Metadata key of the ensemble member (0-based) a state belongs to; absent for a single model.</summary>
    public const string MemberKey = "ensemble_member";

    readonly CheckpointPolicy _policy;

    /// <summary>A sink writing the states of <paramref name="run"/> as its <see cref="TrainingRun.Checkpoints"/> policy says.</summary>
    /// <exception cref="ElmanException">The policy names no folder.</exception>
    public CheckpointSink(TrainingRun run, ResumePoint? resume = null)
    {
        _policy = run.Checkpoints;
        if (_policy.Folder is null) throw new SettingException("Folder", "Folder is not set: a checkpoint sink needs a folder");
        Run = run;
        Resume = resume;
        LastWritten = resume?.Path;
    }

    /// <summary>A sink continuing <paramref name="resume"/> (its run, with <paramref name="adjust"/> applied: threads, folder, keep).</summary>
    public static CheckpointSink ResumeFrom(ResumePoint resume, Func<TrainingRun, TrainingRun>? adjust = null)
        => new((adjust ?? (r => r))(resume.Run), resume);

    /// <summary>The run whose states this sink writes.</summary>
    public TrainingRun Run { get; }

    /// <summary>The state to continue from, or null for a fresh run.</summary>
    public ResumePoint? Resume { get; }

    /// <summary>The folder.</summary>
    public string Folder => _policy.Folder!;

    /// <summary>The last complete checkpoint written (or resumed from); null before any.</summary>
    public string? LastWritten { get; private set; }

    /// <summary>Makes <paramref name="trainer"/> write here as the policy says; its states carry <paramref name="metadata"/> besides the run.</summary>
    internal void Attach(Trainer trainer, int? member, IReadOnlyDictionary<string, string> metadata)
    {
        var meta = new Dictionary<string, string>(metadata)
        {
            [RunKey] = Run.ToJson(),
            [ThreadsKey] = Run.Threads.ToString(CultureInfo.InvariantCulture),
        };
        if (member is { } m) meta[MemberKey] = m.ToString(CultureInfo.InvariantCulture);
        trainer.StateMetadata = meta;
        trainer.LastGoodCheckpoint = LastWritten;
        trainer.CheckpointEverySteps = _policy.EverySteps;
        trainer.CheckpointEveryEpochs = _policy.EveryEpochs;
        var folder = FolderFor(member);
        trainer.CheckpointDue = state => trainer.LastGoodCheckpoint = LastWritten = folder.Write(state);
    }

    /// <summary>Writes where <paramref name="trainer"/> stands after an interruption; returns the file.</summary>
    internal string WriteInterrupted(Trainer trainer, int? member) => LastWritten = FolderFor(member).Write(trainer.CaptureState());

    /// <summary>Keeps the final state of finished ensemble member <paramref name="member"/>, unless it was read from this very folder.</summary>
    internal void KeepFinishedMember(int member, TrainingState state)
    {
        if (Resume is { } r && member < r.Member && SameFolder(r.Folder, Folder)) return;
        FolderFor(member).WriteMember(member, state);
    }

    CheckpointFolder FolderFor(int? member) => new(Folder, _policy.Keep) { Member = member };

    static bool SameFolder(string a, string b) => Path.GetFullPath(a) == Path.GetFullPath(b);
}
