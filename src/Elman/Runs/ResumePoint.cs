using System.Globalization;
using Elman.IO;
using Elman.Training;

namespace Elman.Runs;

/// <summary>A checkpoint to continue from: the run it belongs to, its training state and, in an ensemble, its member.</summary>
/// <param name="Run">The run, as the checkpoint stored it.</param>
/// <param name="State">Where training stood.</param>
/// <param name="Path">The checkpoint file.</param>
/// <param name="Member">The ensemble member (0-based) the state belongs to; 0 for a single model.</param>
/// <param name="Threads">The thread count the checkpoint was written with.</param>
public sealed record ResumePoint(TrainingRun Run, TrainingState State, string Path, int Member, int Threads)
{
    /// <summary>The folder holding the checkpoint (and an ensemble's finished members).</summary>
    public string Folder => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

    /// <summary>
    /// Reads <paramref name="path"/>: a checkpoint file, or the latest complete checkpoint in a folder. Stray temp
    /// files of killed writes beside it are deleted (<paramref name="removedTemporaries"/> counts them).
    /// </summary>
    /// <exception cref="ElmanException">No checkpoint there, or it is unreadable or records no run.</exception>
    public static ResumePoint Read(string path, out int removedTemporaries)
    {
        var file = CheckpointFolder.Latest(path) ?? throw new ElmanException($"{path}: the folder holds no complete checkpoint");
        removedTemporaries = CheckpointFolder.RemoveStrayTemporaries(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file))!);
        var state = TrainingState.FromFile(SafeTensorsFile.Read(file));
        if (!state.Metadata.TryGetValue(CheckpointSink.RunKey, out var json))
            throw new ElmanException($"{file}: the checkpoint does not record the training run it belongs to (written by an older Elman?), so its data cannot be rebuilt");
        var run = TrainingRun.FromJson(json, file);
        int member = state.Metadata.TryGetValue(CheckpointSink.MemberKey, out var m) && int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out int k) ? k : 0;
        int threads = state.Metadata.TryGetValue(CheckpointSink.ThreadsKey, out var t) && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : run.Threads;
        if (member >= run.Ensemble) throw new ElmanException($"{file}: the checkpoint belongs to ensemble member {member + 1}, but its run has {run.Ensemble}");
        return new ResumePoint(run, state, file, member, threads);
    }
}
