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
        var data = DataPreparation.Prepare(run, corpora ?? new NoCorpora());
        var config = run.Model.ToConfig(data.VocabSize, data.InputSize, data.Outputs, data.Head);
        config.Validate();
        int optimizerBuffers = run.Optimization.Optimizer is OptimizerKind.Adam or OptimizerKind.AdamW ? 2 : 1;
        MemoryEstimate.EnsureFits(config, run.Optimization.BatchSize, data.MaxSteps, optimizerBuffers);
        if (run.Ensemble > 1) MemoryEstimate.EnsureFits(config with { HiddenSize = checked(config.HiddenSize * run.Ensemble), InputSize = config.HasEmbedding ? checked(config.InputSize * run.Ensemble) : config.InputSize }, 1, data.MaxSteps, 0);
        observer.DataReady(run, data, config);

        using var pool = new WorkerPool(run.Threads);
        var clock = Stopwatch.StartNew();
        var members = _executor.TrainAll(new MemberContext(run, data, config, pool, checkpoints, observer, cancellation));
        if (members is null) return null;
        var trainingTime = clock.Elapsed;

        var model = members.Count == 1 ? members[0].Model : Ensemble.Merge(members.Select(m => m.Model).ToList());
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
        return new RunResult(run, data, model, data.ModelMetadata, members, test, memberTests, trainingTime);
    }

    sealed class SilentObserver : IRunObserver;

    sealed class NoCorpora : ICorpusSource
    {
        public NamedCorpus Load(string name)
            => throw new ElmanException($"the corpus '{name}' needs a corpus source (Runner's corpora parameter, e.g. Elman.Datasets' NpmCorpora)");
    }
}
