using Elman.Model;
using Elman.Training;

namespace Elman.Runs;

/// <summary>What a finished run gives: the model to save (members merged), its metadata, and the reports.</summary>
/// <param name="Run">The run that was carried out.</param>
/// <param name="Data">Its data.</param>
/// <param name="Model">The trained model: the single member, or the members merged (<see cref="Ensemble.Merge{T}"/>).</param>
/// <param name="Metadata">The model file's <c>__metadata__</c> besides the config.</param>
/// <param name="Members">Every member's result, in member order.</param>
/// <param name="Test">The model on the test split; null when it is empty.</param>
/// <param name="MemberTests">Each member alone on the test split (ensembles with a test split); empty otherwise.</param>
/// <param name="TrainingTime">Wall time of training all members.</param>
/// <param name="MergeTime">Wall time of merging the members into one model (zero for one member).</param>
/// <param name="TestTime">Wall time of the test evaluations (the model, and each member of an ensemble).</param>
public sealed record RunResult(TrainingRun Run, PreparedData Data, RnnClassifier<float> Model, IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<MemberResult> Members, EvaluationResult? Test, IReadOnlyList<EvaluationResult> MemberTests,
    TimeSpan TrainingTime, TimeSpan MergeTime = default, TimeSpan TestTime = default)
{
    /// <summary>Where the members' training time went, summed over the members.</summary>
    public TrainingTimes MemberTimes => Members.Aggregate(default(TrainingTimes), (sum, m) => sum + m.Times);
}
