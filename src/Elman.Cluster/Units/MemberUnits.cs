using System.Buffers.Binary;
using System.Text.Json;
using Elman.IO;
using Elman.Model;
using Elman.Numerics;
using Elman.Runs;
using Elman.Training;

namespace Elman.Cluster.Units;

/// <summary>
/// An ensemble member as a unit: the run (as <see cref="TrainingRun.ToJson"/>, without its outputs and checkpoints,
/// which do not change the member) and the member's index; a user's data files travel with it. Its result is the
/// member's final training state and its kept model, as safetensors bytes.
/// </summary>
public static class MemberUnits
{
    sealed record Description(string Run, int Member);

    /// <summary>Member <paramref name="member"/> of <paramref name="run"/> as a unit of work.</summary>
    /// <exception cref="ElmanException">A data file cannot be read.</exception>
    public static WorkUnit Describe(TrainingRun run, int member)
    {
        var bare = run with { Outputs = new RunOutputs(), Checkpoints = CheckpointPolicy.None };
        string description = JsonSerializer.Serialize(new Description(bare.ToJson(), member));
        return new WorkUnit(UnitKind.Member, $"member {member + 1}/{run.Ensemble}", description, run.Threads, DataFiles(run.Data));
    }

    /// <summary>The files a run's data are read from (none for synthetic tasks, named corpora and rows in memory).</summary>
    public static IReadOnlyList<UnitFile> DataFiles(RunData data) => data switch
    {
        TextFileData text => [UnitFile.Read(text.Path)],
        NumericFileData numeric => new[] { numeric.Path, numeric.TestPath, numeric.ValidationPath }.OfType<string>().Distinct().Select(path => UnitFile.Read(path)).ToList(),
        _ => [],
    };

    /// <summary>Trains the member the unit describes (on a silo); <paramref name="files"/> maps each travelling file's name to its local copy.</summary>
    internal static byte[] Execute(WorkUnit unit, ICorpusSource corpora, IReadOnlyDictionary<string, string> files, CancellationToken cancellation)
    {
        var description = JsonSerializer.Deserialize<Description>(unit.Description)!;
        var run = Relocate(TrainingRun.FromJson(description.Run, unit.Label), files);
        run.Validate();
        var data = DataPreparation.Prepare(run, corpora);
        var config = run.Model.ToConfig(data.VocabSize, data.InputSize, data.Outputs, data.Head);
        config.Validate();
        using var pool = new WorkerPool(run.Threads);
        var (result, _, finished) = MemberTraining.Train(new MemberContext(run, data, config, pool, null, new Silent(), cancellation), description.Member, null, null);
        if (!finished) throw new OperationCanceledException(cancellation);
        result.Model.Pool = null;
        return Encode(result.FinalState.ToFile().ToBytes(), Checkpoint.ToFile(result.Model).ToBytes());
    }

    /// <summary>Reads a member's result back: the model and history exactly as <see cref="MemberTraining.Train"/> returned them on the silo.</summary>
    /// <exception cref="ElmanException">The payload is not a member's result.</exception>
    public static MemberResult Decode(byte[] payload, int member, ulong seed)
    {
        if (payload.Length < 8) throw new ElmanException($"member {member + 1}: the cluster's result is {payload.Length} bytes, too short to hold a training state");
        long stateLength = BinaryPrimitives.ReadInt64LittleEndian(payload);
        if (stateLength < 0 || stateLength > payload.Length - 8) throw new ElmanException($"member {member + 1}: the cluster's result is malformed (state of {stateLength} bytes in {payload.Length})");
        var state = TrainingState.FromFile(SafeTensorsFile.Parse(payload.AsSpan(8, (int)stateLength), $"member {member + 1} state"));
        var model = Checkpoint.FromFile<float>(SafeTensorsFile.Parse(payload.AsSpan(8 + (int)stateLength), $"member {member + 1} model")).Model;
        return new MemberResult(member, seed, model, state.Reports, state.BestEpoch, state);
    }

    // [int64 little-endian length of the state][state safetensors][model safetensors]
    static byte[] Encode(byte[] state, byte[] model)
    {
        var payload = new byte[8 + state.Length + model.Length];
        BinaryPrimitives.WriteInt64LittleEndian(payload, state.Length);
        state.CopyTo(payload, 8);
        model.CopyTo(payload, 8 + state.Length);
        return payload;
    }

    // The run as the client wrote it, reading its files from the silo's copies (same file names, so the same data names).
    static TrainingRun Relocate(TrainingRun run, IReadOnlyDictionary<string, string> files)
    {
        string Local(string path) => files.TryGetValue(path, out var local) ? local : throw new ElmanException($"{path}: the unit names this file but did not bring it");
        string? LocalOrNull(string? path) => path is null ? null : Local(path);
        return run.Data switch
        {
            TextFileData text => run with { Data = text with { Path = Local(text.Path) } },
            NumericFileData numeric => run with { Data = numeric with { Path = Local(numeric.Path), TestPath = LocalOrNull(numeric.TestPath), ValidationPath = LocalOrNull(numeric.ValidationPath) } },
            _ => run,
        };
    }

    sealed class Silent : IRunObserver;
}
