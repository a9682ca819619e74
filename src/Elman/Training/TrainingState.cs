using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elman.IO;
using Elman.Model;

namespace Elman.Training;

/// <summary>The running sums of the epoch in progress, kept exactly so a resumed epoch reports what an uninterrupted one would.</summary>
/// <param name="LossSum">Σ loss · batch size.</param>
/// <param name="NormSum">Σ pre-clip gradient norms.</param>
/// <param name="Seen">Sequences trained on.</param>
/// <param name="Correct">Of those, correctly classified.</param>
/// <param name="StepsTaken">Updates applied.</param>
/// <param name="Skipped">Updates skipped (non-finite).</param>
public readonly record struct EpochTally(double LossSum, double NormSum, int Seen, int Correct, int StepsTaken, int Skipped);

/// <summary>
/// Everything a training run needs to continue bit-identically after an interruption: weights,
/// optimiser state, the random generators, the position in the data (this epoch's batch order and
/// the next step), the running sums of the epoch, the best weights so far and the epoch history.
/// Stored as one safetensors file whose model tensors keep their PyTorch names (so the file is also
/// a model any Elman command can read); the rest is under <c>training.*</c> and in the metadata.
/// </summary>
public sealed class TrainingState
{
    /// <summary>Metadata key of the state's JSON (position, generators, sums, history).</summary>
    public const string MetadataKey = "training_state";
    const string Prefix = Checkpoint.TrainingStatePrefix;

    /// <summary>The model's shape.</summary>
    public required RnnConfig Config { get; init; }
    /// <summary>Current weights, in layout order.</summary>
    public required float[] Weights { get; init; }
    /// <summary>The optimiser's step count.</summary>
    public required long OptimizerSteps { get; init; }
    /// <summary>The optimiser's buffers by name.</summary>
    public required IReadOnlyDictionary<string, float[]> OptimizerState { get; init; }
    /// <summary>The epoch in progress (1-based).</summary>
    public required int Epoch { get; init; }
    /// <summary>The next step of that epoch (0-based); 0 means the epoch's order is not drawn yet.</summary>
    public required int Step { get; init; }
    /// <summary>This epoch's order of the training set.</summary>
    public required int[] Order { get; init; }
    /// <summary>The shuffling generator's state.</summary>
    public required ulong[] ShuffleRandom { get; init; }
    /// <summary>The dropout generator's state.</summary>
    public required ulong[] DropoutRandom { get; init; }
    /// <summary>Running sums of the epoch in progress.</summary>
    public required EpochTally Tally { get; init; }
    /// <summary>Weights of the best validation epoch so far, or null.</summary>
    public float[]? BestWeights { get; init; }
    /// <summary>The moving average of the weights (<see cref="TrainingOptions.EmaDecay"/>), or null.</summary>
    public float[]? AverageWeights { get; init; }
    /// <summary>The validation loss of <see cref="BestEpoch"/> (∞ before any): the lowest so far when selecting by loss.</summary>
    public double BestLoss { get; init; } = double.PositiveInfinity;
    /// <summary>The metric that picks the best epoch (<see cref="TrainingOptions.SelectBy"/>); checkpoints written before it existed select by loss.</summary>
    public ValidationMetric SelectBy { get; init; } = ValidationMetric.Loss;
    /// <summary>The best value of <see cref="SelectBy"/> so far, <see cref="BestEpoch"/>'s; null before any.</summary>
    public double? BestValue { get; init; }
    /// <summary>The cross-entropy's class weights the run trains with (<see cref="Trainer.ClassWeights"/>), or null for none.</summary>
    public float[]? ClassWeights { get; init; }
    /// <summary>The epoch of <see cref="BestWeights"/> (0 = none).</summary>
    public int BestEpoch { get; init; }
    /// <summary>Completed epochs.</summary>
    public required IReadOnlyList<EpochReport> Reports { get; init; }
    /// <summary>Training time before this state was captured.</summary>
    public TimeSpan Elapsed { get; init; }
    /// <summary>Whether training had finished (all epochs, or stopped early).</summary>
    public bool Finished { get; init; }
    /// <summary>Other metadata to keep with the state (how to rebuild the data, the command line, the vocabulary).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The state as a safetensors file, sealed with a <see cref="ContentDigest"/>.</summary>
    /// <exception cref="ElmanException">A weight, kept weight or optimiser value is NaN or infinite: such a state is never written.</exception>
    public SafeTensorsFile ToFile()
    {
        var model = new RnnClassifier<float>(Config);
        Weights.CopyTo(model.Weights.Values, 0);
        var tensors = Checkpoint.ToFile(model).Tensors.ToList();
        foreach (var (name, buffer) in OptimizerState)
            if (buffer.Length > 0) tensors.Add(Finite($"{Prefix}optimizer.{name}", buffer));
        if (BestWeights is not null) tensors.Add(Finite($"{Prefix}best_weights", BestWeights));
        if (AverageWeights is not null) tensors.Add(Finite($"{Prefix}average_weights", AverageWeights));
        tensors.Add(SafeTensor.FromInt32($"{Prefix}order", Order, Order.Length));

        var json = new JsonObject
        {
            ["epoch"] = Epoch, ["step"] = Step, ["optimizer_steps"] = OptimizerSteps, ["finished"] = Finished,
            ["shuffle_random"] = Words(ShuffleRandom), ["dropout_random"] = Words(DropoutRandom),
            ["tally"] = new JsonObject
            {
                ["loss_sum"] = Exact(Tally.LossSum), ["norm_sum"] = Exact(Tally.NormSum), ["seen"] = Tally.Seen,
                ["correct"] = Tally.Correct, ["steps_taken"] = Tally.StepsTaken, ["skipped"] = Tally.Skipped,
            },
            ["best_loss"] = Exact(BestLoss), ["best_epoch"] = BestEpoch, ["elapsed_seconds"] = Exact(Elapsed.TotalSeconds),
            ["select_by"] = SelectBy.ToKey(), ["best_value"] = BestValue is { } best ? Exact(best) : null,
            ["reports"] = new JsonArray(Reports.Select(ReportToJson).ToArray()),
        };
        if (ClassWeights is not null) json["class_weights"] = new JsonArray(ClassWeights.Select(w => Exact(w)).ToArray());
        var metadata = new Dictionary<string, string>(Metadata) { [Checkpoint.ConfigKey] = Config.ToJson(), [MetadataKey] = json.ToJsonString() };
        return ContentDigest.Seal(new SafeTensorsFile(tensors, metadata));
    }

    static SafeTensor Finite(string name, float[] values)
    {
        Checkpoint.RequireFinite<float>(name, values);
        return SafeTensor.FromSingle(name, values, values.Length);
    }

    /// <summary>
    /// Reads a state written by <see cref="ToFile"/> and checks every field on its own and against the
    /// others (see <see cref="TrainingStateChecks"/>), so that a restored trainer can index nothing out of range.
    /// </summary>
    /// <exception cref="ElmanException">The file is not a training state, carries no or a wrong content
    /// digest, or a field is missing, out of range or inconsistent; one line naming the field.</exception>
    public static TrainingState FromFile(SafeTensorsFile file)
    {
        string source = file.Source;
        if (!file.Metadata.TryGetValue(MetadataKey, out var text))
            throw new ElmanException($"{source}: not a training checkpoint (no __metadata__[\"{MetadataKey}\"]); it may be a final model, which cannot be resumed");
        if (!ContentDigest.IsSealed(file))
            throw new ElmanException($"{source}: training checkpoint has no {ContentDigest.Key} digest, so its integrity cannot be checked; it was not written by this version of Elman");
        ContentDigest.Verify(file);
        var model = Checkpoint.FromFile<float>(file).Model;
        var json = JsonFields.Parse(text, $"{source}: training state");
        var tally = json.Object("tally");
        var state = new TrainingState
        {
            Config = model.Config,
            Weights = model.Weights.Values,
            OptimizerSteps = json.Integer("optimizer_steps", 0),
            OptimizerState = ReadOptimizer(file),
            Epoch = json.Int32("epoch", 1),
            Step = json.Int32("step", 0),
            Finished = json.Boolean("finished"),
            Order = ReadOrder(file),
            ShuffleRandom = json.Words("shuffle_random", 4),
            DropoutRandom = json.Words("dropout_random", 4),
            Tally = new EpochTally(tally.Exact("loss_sum"), tally.Exact("norm_sum"), tally.Int32("seen"),
                tally.Int32("correct"), tally.Int32("steps_taken"), tally.Int32("skipped")),
            BestWeights = ReadWeights(file, "best_weights", model.Weights.Values.Length),
            AverageWeights = ReadWeights(file, "average_weights", model.Weights.Values.Length),
            BestLoss = json.Exact("best_loss"),
            SelectBy = ValidationMetrics.FromKey(json.OptionalChoice("select_by", "loss", ValidationMetrics.Keys)),
            // Written before best_value existed: the run selected by loss, and its best value is the best loss.
            BestValue = json.OptionalExact("best_value") ?? (json.Int32("best_epoch") > 0 && json.OptionalChoice("select_by", "loss", ValidationMetrics.Keys) == "loss" ? json.Exact("best_loss") : null),
            ClassWeights = TrainingStateChecks.ClassWeights(json),
            BestEpoch = json.Int32("best_epoch"),
            Elapsed = TrainingStateChecks.Seconds(json, "elapsed_seconds"),
            Reports = json.Objects("reports").Select(ReportFromJson).ToList(),
            Metadata = file.Metadata.Where(kv => kv.Key is not (MetadataKey or Checkpoint.ConfigKey or ContentDigest.Key)).ToDictionary(),
        };
        TrainingStateChecks.CheckConsistent(state, json);
        return state;
    }

    /// <summary>
    /// Checks the state against the run that will continue it: the order covers <paramref name="trainCount"/>
    /// sequences, the step lies inside an epoch of that many sequences in batches of
    /// <see cref="TrainingOptions.BatchSize"/>, and the epoch lies within <see cref="TrainingOptions.Epochs"/>.
    /// Call it before <see cref="Trainer.Restore"/>.
    /// </summary>
    /// <exception cref="ElmanException">One line naming the field and the run's value it contradicts.</exception>
    public void CheckFits(TrainingOptions options, int trainCount) => TrainingStateChecks.CheckFits(this, options, trainCount);

    static IReadOnlyDictionary<string, float[]> ReadOptimizer(SafeTensorsFile file)
    {
        var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var tensor in file.Tensors.Where(t => t.Name.StartsWith($"{Prefix}optimizer.", StringComparison.Ordinal)))
            buffers[tensor.Name[$"{Prefix}optimizer.".Length..]] = FiniteValues(file, tensor);
        return buffers;
    }

    static float[]? ReadWeights(SafeTensorsFile file, string name, int expectedLength)
    {
        if (!file.TryGet($"{Prefix}{name}", out var tensor)) return null;
        var values = FiniteValues(file, tensor);
        return values.Length == expectedLength ? values
            : throw new ElmanException($"{file.Source}: tensor '{tensor.Name}' has {values.Length} values, expected {expectedLength} (one per model weight)");
    }

    static float[] FiniteValues(SafeTensorsFile file, SafeTensor tensor)
    {
        if (!tensor.DType.IsFloatingPoint() || tensor.Shape.Count != 1)
            throw new ElmanException($"{file.Source}: tensor '{tensor.Name}' is {tensor.DType} {SafeTensor.FormatShape(tensor.Shape)}, expected a one-dimensional floating-point tensor");
        var values = tensor.ToSingleArray();
        try { Checkpoint.RequireFinite<float>(tensor.Name, values); }
        catch (ElmanException e) { throw new ElmanException($"{file.Source}: {e.Message.Replace("is never written", "cannot be resumed")}"); }
        return values;
    }

    static int[] ReadOrder(SafeTensorsFile file)
    {
        var tensor = file[$"{Prefix}order"];
        if (tensor.DType.IsFloatingPoint() || tensor.Shape.Count != 1)
            throw new ElmanException($"{file.Source}: tensor '{tensor.Name}' is {tensor.DType} {SafeTensor.FormatShape(tensor.Shape)}, expected a one-dimensional integer tensor");
        var values = tensor.ToInt64Array();
        var order = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
            order[i] = values[i] is >= 0 and <= int.MaxValue ? (int)values[i]
                : throw new ElmanException($"{file.Source}: tensor '{tensor.Name}' holds {values[i]} at index {i}, expected a sequence index in [0, {values.Length - 1}]");
        return order;
    }

    static JsonNode ReportToJson(EpochReport r) => new JsonObject
    {
        ["epoch"] = r.Epoch, ["train_loss"] = Exact(r.TrainLoss), ["train_accuracy"] = Exact(r.TrainAccuracy),
        ["validation_loss"] = r.Validation is null ? null : Exact(r.Validation.Loss),
        ["validation_accuracy"] = r.Validation is null ? null : Exact(r.Validation.Accuracy),
        ["validation_macro_f1"] = r.Validation is null ? null : Exact(r.Validation.MacroF1),
        ["validation_count"] = r.Validation?.Count ?? 0,
        ["elapsed_seconds"] = Exact(r.Elapsed.TotalSeconds), ["mean_gradient_norm"] = Exact(r.MeanGradientNorm),
        ["is_best"] = r.IsBest, ["skipped_steps"] = r.SkippedSteps,
    };

    // The confusion matrix of past epochs is not kept: the history is for curves and early stopping. Reports written
    // before macro-F1 was kept have NaN there.
    static EpochReport ReportFromJson(JsonFields o)
    {
        double? validationLoss = o.OptionalExact("validation_loss");
        var validation = validationLoss is null ? null
            : new EvaluationResult(validationLoss.Value, o.Exact("validation_accuracy"), new int[0, 0], o.Int32("validation_count"))
            {
                MacroF1 = o.OptionalExact("validation_macro_f1") ?? double.NaN,
            };
        return new(o.Int32("epoch", 1), o.Exact("train_loss"), o.Exact("train_accuracy"), validation,
            TrainingStateChecks.Seconds(o, "elapsed_seconds"), o.Exact("mean_gradient_norm"), o.Boolean("is_best"), o.Int32("skipped_steps"));
    }

    // Doubles as round-trip strings ("R"), so sums and losses come back bit for bit, including ∞ and NaN.
    static JsonNode Exact(double value) => JsonValue.Create(value.ToString("R", CultureInfo.InvariantCulture));
    static JsonNode Words(ulong[] words) => new JsonArray(words.Select(w => (JsonNode)JsonValue.Create(w.ToString(CultureInfo.InvariantCulture))).ToArray());
}
