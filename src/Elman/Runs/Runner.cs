using System.Diagnostics;
using Elman.Model;
using Elman.Numerics;
using Elman.Training;

namespace Elman.Runs;

/// <summary>
/// Carries out a <see cref="TrainingRun"/>: data → split → members → merge → test report, for every kind of
/// data. The members go to an <see cref="IMemberExecutor"/> (in this process unless told otherwise); states go to
/// the <see cref="CheckpointSink"/>, which also holds what to resume from.
/// </summary>
/// <param name="corpora">Reads named corpora; needed only for <see cref="CorpusData"/> runs.</param>
/// <param name="executor">Trains the members; <see cref="InProcessExecutor"/> when null.</param>
public sealed class Runner(ICorpusSource? corpora = null, IMemberExecutor? executor = null)
{
    readonly IMemberExecutor _executor = executor ?? new InProcessExecutor();

    /// <summary>
    /// Runs <paramref name="run"/> (continuing <paramref name="checkpoints"/>' resume point, if any). Returns null when
    /// <paramref name="cancellation"/> stopped it; its state is then in the sink.
    /// </summary>
    /// <exception cref="ElmanException">A setting is out of range, the data cannot be read, the model would not fit in memory, or training diverged.</exception>
    public RunResult? Run(TrainingRun run, CheckpointSink? checkpoints = null, IRunObserver? observer = null, CancellationToken cancellation = default)
    {
        run.Validate();
        observer ??= new SilentObserver();
        // Memory for the model, its training buffers, the data sets and the merged ensemble, in 64-bit arithmetic;
        // for a synthetic task before generating anything.
        if (run.Data is SyntheticData synthetic) MemoryEstimate.EnsureRunFits(SyntheticFootprint(run, synthetic));
        var data = DataPreparation.Prepare(run, corpora ?? new NoCorpora());
        var config = run.Model.ToConfig(data.VocabSize, data.InputSize, data.Outputs, data.Head);
        config.Validate();
        MemoryEstimate.EnsureRunFits(new RunFootprint(config, run.Optimization.BatchSize, data.MaxSteps, OptimizerBuffers(run), run.Ensemble,
            [Size("training", data.Train), .. data.Validation is null ? [] : new[] { Size("validation", data.Validation) }, Size("test", data.Test)]));
        observer.DataReady(run, data, config);

        using var pool = new WorkerPool(run.Threads);
        var clock = Stopwatch.StartNew();
        var members = _executor.TrainAll(new MemberContext(run, data, config, pool, checkpoints, observer, cancellation));
        if (members is null) return null;
        var trainingTime = clock.Elapsed;

        clock.Restart();
        var model = members.Count == 1 ? members[0].Model : Ensemble.Merge(members.Select(m => m.Model).ToList());
        var mergeTime = clock.Elapsed;
        clock.Restart();
        model.Pool = pool;
        EvaluationResult? test = null;
        var memberTests = new List<EvaluationResult>();
        if (data.Test.Count > 0)
        {
            if (members.Count > 1) memberTests.AddRange(members.Select(m => EvaluationResult.Evaluate(m.Model, data.Test)));
            test = EvaluationResult.Evaluate(model, data.Test);
        }
        model.Pool = null;
        foreach (var m in members) m.Model.Pool = null;
        return new RunResult(run, data, model, data.ModelMetadata, members, test, memberTests, trainingTime, mergeTime, clock.Elapsed);
    }

    static RunFootprint SyntheticFootprint(TrainingRun run, SyntheticData s)
    {
        var task = Data.Tasks.BuiltinTasks.Get(s.Task);
        var config = run.Model.ToConfig(0, task.InputSize, task.Outputs, task.Head);
        return new RunFootprint(config, run.Optimization.BatchSize, s.Length, OptimizerBuffers(run), run.Ensemble,
            [new("training", s.TrainSize, s.Length, task.InputSize), new("validation", s.FreshEachEpoch ? 0 : s.TestSize, s.Length, task.InputSize), new("test", s.TestSize, s.Length, task.InputSize)]);
    }

    static DataSetSize Size(string name, Data.SequenceDataset d) => new(name, d.Count, d.Steps, d.IsTokens ? 1 : d.InputSize);

    static int OptimizerBuffers(TrainingRun run) => run.Optimization.Optimizer is OptimizerKind.Adam or OptimizerKind.AdamW ? 2 : 1;

    sealed class SilentObserver : IRunObserver;

    sealed class NoCorpora : ICorpusSource
    {
        public NamedCorpus Load(string name)
            => throw new ElmanException($"the corpus '{name}' needs a corpus source (Runner's corpora parameter, e.g. Elman.Datasets' NpmCorpora)");
    }
}
