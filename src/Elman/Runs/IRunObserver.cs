using Elman.Model;
using Elman.Training;

namespace Elman.Runs;

/// <summary>What a run tells its caller as it goes; every method has a default that does nothing (or just trains).</summary>
public interface IRunObserver
{
    /// <summary>An informational line (e.g. a corpus being fetched).</summary>
    void Log(string message) { }

    /// <summary>The data are split and the network's shape is known; nothing is trained yet.</summary>
    void DataReady(TrainingRun run, PreparedData data, RnnConfig config) { }

    /// <summary>Member <paramref name="member"/> (0-based) of <paramref name="members"/> starts, or continues, with <paramref name="seed"/>.</summary>
    void MemberStarting(int member, int members, ulong seed) { }

    /// <summary>Member <paramref name="member"/> continues from the state in <paramref name="path"/> (or, finished before the checkpoint, is restored).</summary>
    void Resumed(int member, TrainingState state, string path) { }

    /// <summary>Runs <paramref name="fit"/>, which trains <paramref name="model"/> with <paramref name="trainer"/>; wrap it to show progress or attach probes.</summary>
    void Train(Trainer trainer, RnnClassifier<float> model, PreparedData data, int member, Action fit) => fit();

    /// <summary>The run was cancelled; its state is in <paramref name="checkpoint"/> in <paramref name="folder"/>, or nowhere when both are null (no sink).</summary>
    void Interrupted(string? checkpoint, string? folder) { }
}
