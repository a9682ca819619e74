using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elman.Data.Sequences;

/// <summary>
/// Per-feature standardisation x'[t, d] = (x[t, d] − mean[d]) / std[d], fitted on the training split over
/// valid steps only (padding is not data), and stored in checkpoint metadata so evaluation, prediction and
/// an exported graph apply exactly the same floats. The arithmetic is one float subtraction then one float
/// division, as ONNX Sub and Div do it, so the results agree bit for bit.
/// </summary>
public sealed class FeatureStandardizer
{
    /// <summary>The checkpoint metadata key: <c>{"kind":"standard","mean":["…"],"std":["…"]}</c> or <c>{"kind":"none"}</c>.</summary>
    public const string MetadataKey = "normalization";

    FeatureStandardizer(NormalizationKind kind, float[] mean, float[] std)
    {
        Kind = kind;
        Mean = mean;
        Std = std;
    }

    /// <summary>The identity: values pass unchanged.</summary>
    public static FeatureStandardizer None { get; } = new(NormalizationKind.None, [], []);

    /// <summary>None or Standard.</summary>
    public NormalizationKind Kind { get; }
    /// <summary>mean[d] [D]; empty for <see cref="None"/>.</summary>
    public float[] Mean { get; }
    /// <summary>std[d] [D], each &gt; 0; empty for <see cref="None"/>.</summary>
    public float[] Std { get; }
    /// <summary>D, or 0 for <see cref="None"/>.</summary>
    public int Features => Mean.Length;

    /// <summary>A standardiser with the given statistics (e.g. from another tool).</summary>
    /// <exception cref="ElmanException">Lengths differ, or a value is not finite or a std not positive.</exception>
    public static FeatureStandardizer FromStatistics(float[] mean, float[] std, string source = "normalization")
    {
        if (mean.Length != std.Length || mean.Length == 0) throw new ElmanException($"{source}: mean has {mean.Length} entries and std {std.Length}, expected one of each per feature");
        for (int d = 0; d < mean.Length; d++)
        {
            if (!float.IsFinite(mean[d])) throw new ElmanException(string.Create(CultureInfo.InvariantCulture, $"{source}: mean[{d}] = {mean[d]}, expected a finite number"));
            if (!(float.IsFinite(std[d]) && std[d] > 0)) throw new ElmanException(string.Create(CultureInfo.InvariantCulture, $"{source}: std[{d}] = {std[d]}, expected a finite number > 0"));
        }
        return new FeatureStandardizer(NormalizationKind.Standard, mean, std);
    }

    /// <summary>
    /// Fits mean and (population) std per feature over the valid steps of the sequences at
    /// <paramref name="indices"/> (all when null), accumulating in double. A feature that is constant over
    /// those steps gets std 1: it carries no information, and dividing by 1 maps it to 0 instead of 0/0.
    /// </summary>
    public static FeatureStandardizer Fit(NumericSequences data, IReadOnlyList<int>? indices = null)
    {
        indices ??= Enumerable.Range(0, data.Count).ToArray();
        if (indices.Count == 0) throw new ArgumentException("at least one sequence is needed to fit", nameof(indices));
        int features = data.Features, stride = data.Steps * features;
        var sum = new double[features];
        var min = Enumerable.Repeat(double.PositiveInfinity, features).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, features).ToArray();
        long count = 0;
        foreach (int n in indices)
        {
            var row = data.X.AsSpan(n * stride, data.Lengths[n] * features);   // [L, D]
            for (int i = 0; i < row.Length; i++)
            {
                int d = i % features;
                sum[d] += row[i];
                min[d] = Math.Min(min[d], row[i]);
                max[d] = Math.Max(max[d], row[i]);
            }
            count += data.Lengths[n];
        }
        var mean = new double[features];
        for (int d = 0; d < features; d++) mean[d] = sum[d] / count;
        // Two passes: Σ(x − mean)² does not cancel catastrophically as Σx² − n·mean² would.
        var squares = new double[features];
        foreach (int n in indices)
        {
            var row = data.X.AsSpan(n * stride, data.Lengths[n] * features);
            for (int i = 0; i < row.Length; i++)
            {
                double centred = row[i] - mean[i % features];
                squares[i % features] += centred * centred;
            }
        }
        var meanF = new float[features];
        var stdF = new float[features];
        for (int d = 0; d < features; d++)
        {
            meanF[d] = (float)mean[d];
            // min == max catches a constant feature exactly; a rounding-level std would blow noise up instead.
            float std = (float)Math.Sqrt(squares[d] / count);
            stdF[d] = min[d] == max[d] || !(std > 0) ? 1f : std;
        }
        return new FeatureStandardizer(NormalizationKind.Standard, meanF, stdF);
    }

    /// <summary>The sequences standardised (a copy; padding stays zero). <see cref="None"/> returns <paramref name="data"/> itself.</summary>
    /// <exception cref="ElmanException">The data has another feature count than the fit.</exception>
    public NumericSequences Apply(NumericSequences data)
    {
        if (Kind == NormalizationKind.None) return data;
        var x = (float[])data.X.Clone();
        ApplyInPlace(x, data.Count, data.Steps, data.Features, data.Lengths, data.Source);
        return new NumericSequences(data.Source, x, data.Count, data.Steps, data.Features, data.Lengths, data.Labels, data.ClassNames);
    }

    /// <summary>
    /// Standardises <paramref name="data"/>'s own x in place (padding stays zero): for large data, fit on the
    /// training indices, apply here, then take the splits' subsets, so memory peaks at twice x, not three times.
    /// </summary>
    /// <exception cref="ElmanException">The data has another feature count than the fit.</exception>
    public void ApplyInPlace(NumericSequences data) => ApplyInPlace(data.X, data.Count, data.Steps, data.Features, data.Lengths, data.Source);

    /// <summary>Standardises the valid steps of x [N, T, D] in place; padding is left as it is. Nothing happens for <see cref="None"/>.</summary>
    /// <exception cref="ElmanException"><paramref name="features"/> differs from the fit.</exception>
    public void ApplyInPlace(Span<float> x, int count, int steps, int features, ReadOnlySpan<int> lengths, string source = "x")
    {
        if (Kind == NormalizationKind.None) return;
        if (features != Features) throw new ElmanException($"{source}: x has D = {features} features, but the normalisation was fitted on {Features}");
        for (int n = 0; n < count; n++)
        {
            var row = x.Slice(n * steps * features, lengths[n] * features);   // [L, D]
            for (int i = 0; i < row.Length; i++)
            {
                int d = i % features;
                row[i] = (row[i] - Mean[d]) / Std[d];
            }
        }
    }

    /// <summary>Stores this standardiser under <see cref="MetadataKey"/>; floats as round-trip ("R") strings.</summary>
    public void WriteTo(IDictionary<string, string> metadata)
    {
        var json = new JsonObject { ["kind"] = Kind == NormalizationKind.None ? "none" : "standard" };
        if (Kind == NormalizationKind.Standard)
        {
            json["mean"] = new JsonArray([.. Mean.Select(v => (JsonNode)v.ToString("R", CultureInfo.InvariantCulture))]);
            json["std"] = new JsonArray([.. Std.Select(v => (JsonNode)v.ToString("R", CultureInfo.InvariantCulture))]);
        }
        metadata[MetadataKey] = json.ToJsonString();
    }

    /// <summary>Reads the standardiser from checkpoint metadata; a model without the key was trained on raw values (<see cref="None"/>).</summary>
    /// <exception cref="ElmanException">The value is malformed; the message names <paramref name="source"/> and the key.</exception>
    public static FeatureStandardizer ReadFrom(IReadOnlyDictionary<string, string> metadata, string source)
    {
        if (!metadata.TryGetValue(MetadataKey, out var text)) return None;
        string where = $"{source}: __metadata__ \"{MetadataKey}\"";
        JsonObject json;
        try
        {
            json = JsonNode.Parse(text) as JsonObject ?? throw new ElmanException($"{where} is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new ElmanException($"{where} is not valid JSON ({e.Message.Split('\n')[0]})");
        }
        string? kind = json["kind"] is JsonValue k && k.TryGetValue(out string? s) ? s : null;
        if (kind == "none") return None;
        if (kind != "standard") throw new ElmanException($"{where} has kind '{kind}', expected none or standard");
        return FromStatistics(Floats(json, "mean", where), Floats(json, "std", where), where);
    }

    static float[] Floats(JsonObject json, string key, string where)
    {
        if (json[key] is not JsonArray array) throw new ElmanException($"{where} has no array '{key}'");
        var values = new float[array.Count];
        for (int i = 0; i < values.Length; i++)
            if (!(array[i] is JsonValue v && v.TryGetValue(out string? s) && float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])))
                throw new ElmanException($"{where}: {key}[{i}] is not a number written as a string");
        return values;
    }

    /// <inheritdoc/>
    public override string ToString() => Kind == NormalizationKind.None ? "FeatureStandardizer(none)" : $"FeatureStandardizer(standard, D={Features})";
}
