using Elman.Training;

namespace Elman.Runs;

/// <summary>
/// Trains the members one after another in this process. A resumed run continues the member its checkpoint
/// belongs to and reads the finished ones before it back from their final states; on cancellation it keeps
/// those and the interrupted member's state in the sink, so nothing is lost.
/// </summary>
public sealed class InProcessExecutor : IMemberExecutor
{
    /// <inheritdoc/>
    public IReadOnlyList<MemberResult>? TrainAll(MemberContext context)
    {
        var run = context.Run;
        var sink = context.Checkpoints;
        var resume = sink?.Resume;
        int resumeMember = resume?.Member ?? 0;
        bool ensemble = run.Ensemble > 1;
        var results = new List<MemberResult>();
        for (int m = 0; m < run.Ensemble; m++)
        {
            context.Observer.MemberStarting(m, run.Ensemble, run.Seed + (ulong)m);
            TrainingState? state = resume is null ? null
                : m < resumeMember ? CheckpointFolder.ReadMember(resume.Folder, m)
                : m == resumeMember ? resume.State : null;
            string? statePath = state is null ? null : m == resumeMember ? resume!.Path : resume!.Folder;
            var (result, trainer, finished) = MemberTraining.Train(context, m, state, statePath);
            if (!finished)
            {
                if (sink is null)
                {
                    context.Observer.Interrupted(null, null);
                    return null;
                }
                // Everything needed to resume: the finished members (already kept if checkpoints are periodic), then this one.
                if (ensemble && !run.Checkpoints.Periodic)
                    foreach (var done in results) sink.KeepFinishedMember(done.Member, done.FinalState);
                context.Observer.Interrupted(sink.WriteInterrupted(trainer, ensemble ? m : null), sink.Folder);
                return null;
            }
            results.Add(result);
            if (ensemble && run.Checkpoints.Periodic && sink is not null) sink.KeepFinishedMember(m, result.FinalState);
        }
        return results;
    }
}
