using System.Numerics;
using Elman.IO;

namespace Elman.Model;

/// <summary>A model read from a checkpoint, with the file's other metadata (task, vocabulary, …).</summary>
/// <param name="Model">The model with its weights.</param>
/// <param name="Metadata">The file's whole <c>__metadata__</c> map, including "config".</param>
public sealed record LoadedModel<T>(RnnClassifier<T> Model, IReadOnlyDictionary<string, string> Metadata)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// Models as safetensors files that PyTorch's <c>safetensors.torch.load_file</c> reads into the same
/// modules: F32 tensors under their PyTorch names, the config JSON in <c>__metadata__["config"]</c>.
/// </summary>
public static class Checkpoint
{
    /// <summary>The metadata key of the config JSON.</summary>
    public const string ConfigKey = "config";

    /// <summary>Tensors under this prefix hold training state (optimiser buffers, data order) and are not model parameters.</summary>
    public const string TrainingStatePrefix = "training.";

    /// <summary>
    /// The model as a safetensors file in memory: F32 weights and the config, plus <paramref name="metadata"/>,
    /// sealed with a <see cref="ContentDigest"/> so that a damaged copy is refused on load.
    /// </summary>
    /// <exception cref="ElmanException">A weight is NaN or infinite: such a model is never written.</exception>
    public static SafeTensorsFile ToFile<T>(RnnClassifier<T> model, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var info in model.Layout.Tensors) RequireFinite<T>(info.Name, model.Weights[info]);
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata is not null) foreach (var (k, v) in metadata) meta[k] = v;
        meta[ConfigKey] = model.Config.ToJson();
        var tensors = model.Layout.Tensors.Select(info =>
            FloatingTensors.ToSingle<T>(info.Name, model.Weights[info], info.Shape.Select(s => (long)s).ToArray()));
        return ContentDigest.Seal(new SafeTensorsFile(tensors, meta));
    }

    /// <summary>Refuses a tensor that holds NaN or ±∞, naming it and the first bad index.</summary>
    /// <exception cref="ElmanException">The first non-finite value, e.g. "tensor 'fc.weight' holds NaN at index 12".</exception>
    public static void RequireFinite<T>(string name, ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
            if (!T.IsFinite(values[i]))
                throw new ElmanException($"tensor '{name}' holds {(T.IsNaN(values[i]) ? "NaN" : T.IsNegative(values[i]) ? "-∞" : "+∞")} at index {i}; a model with non-finite weights is never written");
    }

    /// <summary>Writes the model to <paramref name="path"/> atomically (temp file + rename): a crash never leaves a torn model.</summary>
    /// <exception cref="ElmanException">A weight is not finite, or the path may not be written (see <see cref="OutputPath"/>);
    /// nothing is written then.</exception>
    public static void Save<T>(RnnClassifier<T> model, string path, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SafeTensorsFile file;
        try { file = ToFile(model, metadata); }
        catch (ElmanException e) { throw new ElmanException($"{path}: {e.Message}", e); }
        file.Write(path);
    }

    /// <summary>Reads and validates a model file.</summary>
    /// <exception cref="ElmanException">The file is missing or malformed, has no or a bad config, lacks a tensor, has one too many, or a shape or value does not fit the config.</exception>
    public static LoadedModel<T> Load<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!File.Exists(path)) throw new ElmanException($"{path}: model file not found");
        return FromFile<T>(SafeTensorsFile.Read(path));
    }

    /// <summary>Builds a model from a parsed safetensors file, checking every tensor against the config.</summary>
    /// <exception cref="ElmanException">As for <see cref="Load{T}"/>.</exception>
    public static LoadedModel<T> FromFile<T>(SafeTensorsFile file) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string source = file.Source;
        if (!file.Metadata.TryGetValue(ConfigKey, out var json))
            throw new ElmanException($"{source}: __metadata__ has no \"config\" (expected the model's config JSON, e.g. {{\"input_size\":6,\"hidden_size\":64,\"num_classes\":4}})");
        var config = RnnConfig.FromJson(json, source);
        var model = new RnnClassifier<T>(config);
        foreach (var info in model.Layout.Tensors)
        {
            if (!file.TryGet(info.Name, out var tensor))
                throw new ElmanException($"{source}: missing tensor '{info.Name}' (expected shape [{string.Join(", ", info.Shape)}] for config {config.ToJson()})");
            if (!tensor.Shape.SequenceEqual(info.Shape.Select(s => (long)s)))
                throw new ElmanException($"{source}: tensor '{info.Name}' has shape [{string.Join(", ", tensor.Shape)}], expected [{string.Join(", ", info.Shape)}] for config {config.ToJson()}");
            if (!tensor.DType.IsFloatingPoint())
                throw new ElmanException($"{source}: tensor '{info.Name}' has dtype {tensor.DType}, expected a floating-point dtype (F32, F64, F16, BF16)");
            FloatingTensors.CopyFinite(tensor, model.Weights[info], source, "weights");
        }
        foreach (var tensor in file.Tensors)
            if (!model.Layout.TryGet(tensor.Name, out _) && !tensor.Name.StartsWith(TrainingStatePrefix, StringComparison.Ordinal))
                throw new ElmanException($"{source}: unexpected tensor '{tensor.Name}' (not a parameter of a model with config {config.ToJson()})");
        CheckClassNames(file.Metadata, config, source);
        return new LoadedModel<T>(model, file.Metadata);
    }

    // Class names that contradict the output layer would label predictions wrongly or index past the list.
    static void CheckClassNames(IReadOnlyDictionary<string, string> metadata, RnnConfig config, string source)
    {
        if (config.IsRegression || !metadata.TryGetValue(MetadataKeys.ClassNames, out var json)) return;
        string[]? names;
        try { names = System.Text.Json.JsonSerializer.Deserialize<string[]>(json); }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException) { names = null; }
        if (names is null || names.Any(n => n is null))
            throw new ElmanException($"{source}: __metadata__ \"{MetadataKeys.ClassNames}\" is not a JSON array of strings");
        if (names.Length != config.NumClasses)
            throw new ElmanException($"{source}: __metadata__ \"{MetadataKeys.ClassNames}\" has {names.Length} names but the model has {config.NumClasses} classes");
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            throw new ElmanException($"{source}: __metadata__ \"{MetadataKeys.ClassNames}\" names a class twice");
    }
}
