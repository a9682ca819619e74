namespace Elman.Runs;

/// <summary>
/// Runs the members of a run (<see cref="MemberTraining"/>): the seam where they could go elsewhere. Each member
/// is independent (its own seed and result); the executor returns them in member order.
/// </summary>
public interface IMemberExecutor
{
    /// <summary>Every member's result in member order, or null when the run was cancelled (its state then saved to the sink, if any).</summary>
    IReadOnlyList<MemberResult>? TrainAll(MemberContext context);
}
