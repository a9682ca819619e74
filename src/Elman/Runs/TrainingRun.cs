using System.Text.Json;
using System.Text.Json.Serialization;
using Elman.Training;

namespace Elman.Runs;

/// <summary>
/// One training run as a value: where the data come from, how texts become tokens, the network, how it is
/// optimised, how many ensemble members, checkpoints, seed and threads. <see cref="Runner"/> carries it out;
/// the CLI and ML.NET only describe it. It is stored as JSON in every checkpoint, so a resumed run is rebuilt
/// from the checkpoint alone. Defaults for each kind of data come from <see cref="RunDefaults"/>.
/// </summary>
public sealed record TrainingRun
{
    /// <summary>Where the labelled sequences come from.</summary>
    public required RunData Data { get; init; }
    /// <summary>Text runs: tokens, vocabulary, split and token dropout; null for vector data.</summary>
    public TextSettings? Text { get; init; }
    /// <summary>Numeric sequence runs: normalisation and split; null for other data.</summary>
    public SequenceSettings? Sequences { get; init; }
    /// <summary>The network and its initialisation.</summary>
    public ModelSettings Model { get; init; } = new();
    /// <summary>How each member is optimised (its <see cref="TrainingOptions.Seed"/> is set per member from <see cref="Seed"/>).</summary>
    public TrainingOptions Optimization { get; init; } = new();
    /// <summary>Members trained with seeds Seed, Seed+1, … and merged into one model whose logits are their mean (1 = one model).</summary>
    public int Ensemble { get; init; } = 1;
    /// <summary>Seeds data, split, initialisation, dropout and shuffling.</summary>
    public ulong Seed { get; init; }
    /// <summary>Threads for the matrix products; the same seed and thread count give bit-identical weights.</summary>
    public int Threads { get; init; } = 1;
    /// <summary>Checkpoints while training and on interruption.</summary>
    public CheckpointPolicy Checkpoints { get; init; } = CheckpointPolicy.None;
    /// <summary>Where the caller writes the model and reports.</summary>
    public RunOutputs Outputs { get; init; } = new();

    /// <summary>Throws <see cref="SettingException"/> naming the first property that is out of range.</summary>
    public void Validate()
    {
        SettingException.Require(Ensemble is >= 1 and <= 64, nameof(Ensemble), Ensemble, "1 to 64");
        SettingException.Require(Threads is >= 1 and <= 256, nameof(Threads), Threads, "1 to 256");
        SettingException.Require(Model.Hidden is >= 1 and <= 65_536, "Hidden", Model.Hidden, "1 to 65536");
        SettingException.Require(Model.Layers is >= 1 and <= 64, "Layers", Model.Layers, "1 to 64");
        SettingException.Require(Model.Dropout is >= 0 and < 1, "Dropout", Model.Dropout, "0 ≤ p < 1");
        // PyTorch warns and ignores it; a run that asks for dropout it cannot have is refused instead.
        SettingException.Require(Model.Dropout == 0 || Model.Layers > 1, "Dropout", Model.Dropout, "0 with one layer: dropout acts between stacked layers (Layers > 1)");
        SettingException.Require(Model.InitScale > 0 && double.IsFinite(Model.InitScale), "InitScale", Model.InitScale, "a positive number");
        SettingException.Require(Model.InitNorm is null || Model.InitNorm > 0 && double.IsFinite(Model.InitNorm.Value), "InitNorm", Model.InitNorm!, "a positive number");
        SettingException.Require(Model.InitRadius is null || Model.InitRadius > 0 && double.IsFinite(Model.InitRadius.Value), "InitRadius", Model.InitRadius!, "a positive number");
        if (Model.InitNorm is not null && Model.InitRadius is not null)
            throw new SettingException("InitNorm", "InitNorm and InitRadius both rescale W_hh; give one of them");
        SettingException.Require(Checkpoints.Keep >= 1, "Keep", Checkpoints.Keep, "≥ 1");
        SettingException.Require(Checkpoints.EverySteps >= 0 && Checkpoints.EveryEpochs >= 0, "EverySteps", Checkpoints.EverySteps, "≥ 0");
        switch (Data)
        {
            case SyntheticData s:
                SettingException.Require(s.Length is >= 1 and <= 1_000_000, "Length", s.Length, "1 to 1000000");
                SettingException.Require(s.TrainSize is >= 1 and <= 100_000_000, "TrainSize", s.TrainSize, "1 to 100000000");
                SettingException.Require(s.TestSize is >= 1 and <= 100_000_000, "TestSize", s.TestSize, "1 to 100000000");
                if (Text is not null || Sequences is not null) throw new SettingException("Text", $"text and sequence settings apply to data from files, not to the synthetic task '{s.Task}'");
                break;
            case NumericFileData or SequenceCorpusData:
                if (Text is not null) throw new SettingException("Text", $"text settings apply to text data, not to the numeric sequences of '{Data.Name}'");
                if (Sequences is not { } sequences) throw new SettingException("Sequences", $"numeric sequences ('{Data.Name}') need sequence settings");
                Elman.Data.Text.SplitFractions.Parse(sequences.Split, "Split");
                if (Data is NumericFileData { ValidationPath: not null, TestPath: null })
                    throw new SettingException("ValidationPath", "ValidationPath needs a TestPath: a given validation set comes with a given test set");
                break;
            default:
                if (Text is not { } text) throw new SettingException("Text", $"text data ('{Data.Name}') need text settings");
                SettingException.Require(text.MinFrequency >= 1, "MinFrequency", text.MinFrequency, "≥ 1");
                SettingException.Require(text.MaxVocabulary == 0 || text.MaxVocabulary >= 3, "MaxVocabulary", text.MaxVocabulary, "0 (no limit) or ≥ 3 (padding, unknown and one token)");
                SettingException.Require(text.MaxLength is >= 1 and <= 1_000_000, "MaxLength", text.MaxLength, "1 to 1000000");
                SettingException.Require(text.Embedding is >= 1 and <= 65_536, "Embedding", text.Embedding, "1 to 65536");
                SettingException.Require(text.TokenDropout is >= 0 and < 1, "TokenDropout", text.TokenDropout, "0 ≤ p < 1");
                Elman.Data.Text.SplitFractions.Parse(text.Split, "Split");
                break;
        }
        Optimization.Validate();
    }

    /// <summary>The run as JSON (camelCase properties, enums by name, doubles round-trip exactly).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a run written by <see cref="ToJson"/>; <paramref name="source"/> names the file in errors.</summary>
    /// <exception cref="ElmanException">The JSON is not a training run.</exception>
    public static TrainingRun FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainingRun>(json, Json) ?? throw new ElmanException($"{source}: the stored training run is null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new ElmanException($"{source}: the stored training run is not readable ({IO.MessageText.OneLine(e.Message, 200)})");
        }
    }

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
