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
    /// <summary>Lowest validation loss so far.</summary>
    public double BestLoss { get; init; } = double.PositiveInfinity;
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

    /// <summary>The state as a safetensors file.</summary>
    public SafeTensorsFile ToFile()
    {
        var model = new RnnClassifier<float>(Config);
        Weights.CopyTo(model.Weights.Values, 0);
        var tensors = Checkpoint.ToFile(model).Tensors.ToList();
        foreach (var (name, buffer) in OptimizerState)
            if (buffer.Length > 0) tensors.Add(SafeTensor.FromSingle($"{Prefix}optimizer.{name}", buffer, buffer.Length));
        if (BestWeights is not null) tensors.Add(SafeTensor.FromSingle($"{Prefix}best_weights", BestWeights, BestWeights.Length));
        if (AverageWeights is not null) tensors.Add(SafeTensor.FromSingle($"{Prefix}average_weights", AverageWeights, AverageWeights.Length));
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
            ["reports"] = new JsonArray(Reports.Select(ReportToJson).ToArray()),
        };
        var metadata = new Dictionary<string, string>(Metadata) { [Checkpoint.ConfigKey] = Config.ToJson(), [MetadataKey] = json.ToJsonString() };
        return new SafeTensorsFile(tensors, metadata);
    }

    /// <summary>Reads a state written by <see cref="ToFile"/>.</summary>
    /// <exception cref="ElmanException">The file is not a training state, or a part of it is missing or malformed.</exception>
    public static TrainingState FromFile(SafeTensorsFile file)
    {
        string source = file.Source;
        if (!file.Metadata.TryGetValue(MetadataKey, out var text))
            throw new ElmanException($"{source}: not a training checkpoint (no __metadata__[\"{MetadataKey}\"]); it may be a final model, which cannot be resumed");
        var model = Checkpoint.FromFile<float>(file).Model;
        try
        {
            var json = JsonNode.Parse(text)!.AsObject();
            var tally = json["tally"]!.AsObject();
            var optimizer = file.Tensors.Where(t => t.Name.StartsWith($"{Prefix}optimizer.", StringComparison.Ordinal))
                .ToDictionary(t => t.Name[$"{Prefix}optimizer.".Length..], t => t.ToSingleArray());
            return new TrainingState
            {
                Config = model.Config,
                Weights = model.Weights.Values,
                OptimizerSteps = json["optimizer_steps"]!.GetValue<long>(),
                OptimizerState = optimizer,
                Epoch = json["epoch"]!.GetValue<int>(),
                Step = json["step"]!.GetValue<int>(),
                Finished = json["finished"]!.GetValue<bool>(),
                Order = file[$"{Prefix}order"].ToInt64Array().Select(v => checked((int)v)).ToArray(),
                ShuffleRandom = ParseWords(json["shuffle_random"]!),
                DropoutRandom = ParseWords(json["dropout_random"]!),
                Tally = new EpochTally(ParseExact(tally["loss_sum"]!), ParseExact(tally["norm_sum"]!), tally["seen"]!.GetValue<int>(),
                    tally["correct"]!.GetValue<int>(), tally["steps_taken"]!.GetValue<int>(), tally["skipped"]!.GetValue<int>()),
                BestWeights = file.TryGet($"{Prefix}best_weights", out var best) ? best.ToSingleArray() : null,
                AverageWeights = file.TryGet($"{Prefix}average_weights", out var average) ? average.ToSingleArray() : null,
                BestLoss = ParseExact(json["best_loss"]!),
                BestEpoch = json["best_epoch"]!.GetValue<int>(),
                Elapsed = TimeSpan.FromSeconds(ParseExact(json["elapsed_seconds"]!)),
                Reports = json["reports"]!.AsArray().Select(r => ReportFromJson(r!.AsObject())).ToList(),
                Metadata = file.Metadata.Where(kv => kv.Key != MetadataKey && kv.Key != Checkpoint.ConfigKey).ToDictionary(),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or OverflowException or KeyNotFoundException)
        {
            throw new ElmanException($"{source}: training state is malformed ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")})");
        }
    }

    static JsonNode ReportToJson(EpochReport r) => new JsonObject
    {
        ["epoch"] = r.Epoch, ["train_loss"] = Exact(r.TrainLoss), ["train_accuracy"] = Exact(r.TrainAccuracy),
        ["validation_loss"] = r.Validation is null ? null : Exact(r.Validation.Loss),
        ["validation_accuracy"] = r.Validation is null ? null : Exact(r.Validation.Accuracy),
        ["validation_count"] = r.Validation?.Count ?? 0,
        ["elapsed_seconds"] = Exact(r.Elapsed.TotalSeconds), ["mean_gradient_norm"] = Exact(r.MeanGradientNorm),
        ["is_best"] = r.IsBest, ["skipped_steps"] = r.SkippedSteps,
    };

    // The confusion matrix of past epochs is not kept: the history is for curves and early stopping.
    static EpochReport ReportFromJson(JsonObject o) => new(
        o["epoch"]!.GetValue<int>(), ParseExact(o["train_loss"]!), ParseExact(o["train_accuracy"]!),
        o["validation_loss"] is null ? null : new EvaluationResult(ParseExact(o["validation_loss"]!), ParseExact(o["validation_accuracy"]!), new int[0, 0], o["validation_count"]!.GetValue<int>()),
        TimeSpan.FromSeconds(ParseExact(o["elapsed_seconds"]!)), ParseExact(o["mean_gradient_norm"]!), o["is_best"]!.GetValue<bool>(), o["skipped_steps"]!.GetValue<int>());

    // Doubles as round-trip strings ("R"), so sums and losses come back bit for bit, including ∞ and NaN.
    static JsonNode Exact(double value) => JsonValue.Create(value.ToString("R", CultureInfo.InvariantCulture));
    static double ParseExact(JsonNode node) => double.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture);
    static JsonNode Words(ulong[] words) => new JsonArray(words.Select(w => (JsonNode)JsonValue.Create(w.ToString(CultureInfo.InvariantCulture))).ToArray());
    static ulong[] ParseWords(JsonNode node) => node.AsArray().Select(w => ulong.Parse(w!.GetValue<string>(), CultureInfo.InvariantCulture)).ToArray();
}
