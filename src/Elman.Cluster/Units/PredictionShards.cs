using System.Buffers.Binary;
using System.Text.Json;
using Elman.Data.Text;
using Elman.IO;
using Elman.Model;
using Elman.Numerics;

namespace Elman.Cluster.Units;

/// <summary>
/// A slice of the texts to classify as a unit: the model travels as a file (its SHA-256 is part of the key), the
/// texts in the description. Its result is every text's class and probabilities, in order. A shard starts on a
/// batch boundary of the whole input, so its batches are the ones a local run forms.
/// </summary>
public static class PredictionShards
{
    sealed record Description(int First, IReadOnlyList<string> Texts, int BatchSize);

    /// <summary>Texts [<paramref name="first"/>, first + texts.Count) of the input, shard <paramref name="shard"/> of <paramref name="shards"/>.</summary>
    public static WorkUnit Describe(UnitFile model, int first, IReadOnlyList<string> texts, int batchSize, int threads, int shard, int shards)
        => new(UnitKind.PredictionShard, $"shard {shard + 1}/{shards}", JsonSerializer.Serialize(new Description(first, texts, batchSize)), threads, [model]);

    /// <summary>Classifies the shard's texts (on a silo).</summary>
    internal static byte[] Execute(WorkUnit unit)
    {
        var d = JsonSerializer.Deserialize<Description>(unit.Description)!;
        var model = unit.Files.Single();
        var loaded = Checkpoint.FromFile<float>(SafeTensorsFile.Parse(model.Bytes, model.Name));
        var classifier = TextClassifier.FromCheckpoint(loaded.Model, loaded.Metadata, model.Name);
        using var pool = new WorkerPool(unit.Threads);
        classifier.Model.Pool = pool;
        var predictions = classifier.Predict(d.Texts, d.BatchSize);
        int c = loaded.Model.Config.NumClasses;
        // Per text: [int32 class][C × float32 probabilities], little-endian.
        var payload = new byte[predictions.Count * 4 * (1 + c)];
        for (int i = 0; i < predictions.Count; i++)
        {
            var row = payload.AsSpan(i * 4 * (1 + c));
            BinaryPrimitives.WriteInt32LittleEndian(row, predictions[i].ClassIndex);
            for (int k = 0; k < c; k++) BinaryPrimitives.WriteSingleLittleEndian(row[(4 * (1 + k))..], predictions[i].Probabilities[k]);
        }
        return payload;
    }

    /// <summary>Reads a shard's predictions back for its <paramref name="texts"/>.</summary>
    /// <exception cref="ElmanException">The payload does not hold one row per text.</exception>
    public static IReadOnlyList<TextPrediction> Decode(byte[] payload, IReadOnlyList<string> texts, IReadOnlyList<string> classNames)
    {
        int c = classNames.Count, width = 4 * (1 + c);
        if (payload.Length != texts.Count * width) throw new ElmanException($"the cluster's predictions are {payload.Length} bytes, expected {texts.Count} rows of {width}");
        var predictions = new TextPrediction[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            var row = payload.AsSpan(i * width, width);
            int best = BinaryPrimitives.ReadInt32LittleEndian(row);
            if (best < 0 || best >= c) throw new ElmanException($"the cluster's prediction {i + 1} has class {best}, expected 0 to {c - 1}");
            var p = new float[c];
            for (int k = 0; k < c; k++) p[k] = BinaryPrimitives.ReadSingleLittleEndian(row[(4 * (1 + k))..]);
            predictions[i] = new TextPrediction(texts[i], best, classNames[best], p);
        }
        return predictions;
    }
}
