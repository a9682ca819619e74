using Elman.Model;
using Elman.Training;

namespace Elman.Runs;

/// <summary>One trained member of a run: its model (holding the kept weights) and its history.</summary>
/// <param name="Member">0-based member index.</param>
/// <param name="Seed">The member's seed (the run's seed + member).</param>
/// <param name="Model">The trained model.</param>
/// <param name="Reports">Every epoch, across resumptions.</param>
/// <param name="BestEpoch">The epoch whose weights are kept (0 without validation).</param>
/// <param name="FinalState">The trainer's final state (what a resumed ensemble reads back).</param>
/// <param name="Times">Where the member's training time went where it was trained (zero when it was only read back).</param>
public sealed record MemberResult(int Member, ulong Seed, RnnClassifier<float> Model, IReadOnlyList<EpochReport> Reports, int BestEpoch, TrainingState FinalState,
    TrainingTimes Times = default);
