using System.Text.Json;
using System.Text.Json.Nodes;
using Elman.Layers;

namespace Elman.Model;

/// <summary>
/// The shape of an Elman RNN classifier, as stored in a checkpoint's <c>__metadata__["config"]</c>:
/// <c>{"vocab_size":V,"input_size":D,"hidden_size":H,"num_layers":L,"num_classes":C,"nonlinearity":"tanh"}</c>,
/// plus <c>"bidirectional":true</c> and <c>"dropout":p</c> when they are set (PyTorch's <c>nn.RNN</c> arguments),
/// and <c>"pooling":"max"</c> or <c>"mean"</c> when the classifier reads a reduction over the valid steps
/// instead of the last state (absent means last, so older files read as before).
/// </summary>
/// <param name="VocabSize">Embedding rows V; 0 means dense inputs x [B, T, D] and no embedding.</param>
/// <param name="InputSize">D: the embedding width, or the feature count of dense inputs.</param>
/// <param name="HiddenSize">H: the width of every recurrent layer.</param>
/// <param name="NumLayers">L ≥ 1 stacked Elman layers.</param>
/// <param name="NumClasses">C ≥ 2 output classes.</param>
/// <param name="Nonlinearity">σ for every layer.</param>
/// <param name="Bidirectional">Whether every layer also runs backwards in time (PyTorch's <c>bidirectional=True</c>, parameter names with <c>_reverse</c>).</param>
/// <param name="Dropout">Dropout probability on the outputs of every layer but the last, while training (PyTorch's <c>dropout</c>).</param>
/// <param name="Head">Classification (C ≥ 2 classes, cross-entropy) or regression (C = 1 output, mean squared error).</param>
/// <param name="Pooling">What the classifier reads of the top layer's outputs: the last state, or their max or mean over each sequence's valid steps.</param>
public sealed record RnnConfig(int VocabSize, int InputSize, int HiddenSize, int NumLayers, int NumClasses, Nonlinearity Nonlinearity = Nonlinearity.Tanh, bool Bidirectional = false, double Dropout = 0, OutputHead Head = OutputHead.Classification, Pooling Pooling = Pooling.Last)
{
    /// <summary>Whether the model predicts one real value (trained on mean squared error).</summary>
    public bool IsRegression => Head == OutputHead.Regression;

    /// <summary>1, or 2 when bidirectional.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>Width of every layer's output, and of the classifier's input: H, or 2H when bidirectional.</summary>
    public int OutputSize => HiddenSize * Directions;

    /// <summary>Whether inputs are token ids looked up in <c>embedding.weight</c>.</summary>
    public bool HasEmbedding => VocabSize > 0;

    /// <summary>Throws <see cref="ElmanException"/> naming the first field that is out of range.</summary>
    public void Validate()
    {
        static void Require(bool ok, string field, int value, string expected)
        {
            if (!ok) throw new ElmanException($"config field '{field}' is {value}, expected {expected}");
        }
        Require(VocabSize >= 0, "vocab_size", VocabSize, "0 (dense input) or a vocabulary size ≥ 2");
        Require(VocabSize != 1, "vocab_size", VocabSize, "0 (dense input) or a vocabulary size ≥ 2 (token 0 is padding)");
        Require(InputSize >= 1, "input_size", InputSize, "≥ 1");
        Require(HiddenSize >= 1, "hidden_size", HiddenSize, "≥ 1");
        Require(NumLayers >= 1, "num_layers", NumLayers, "≥ 1");
        if (IsRegression) Require(NumClasses == 1, "num_classes", NumClasses, "1 for a regression head");
        else Require(NumClasses >= 2, "num_classes", NumClasses, "≥ 2");
        Require(Enum.IsDefined(Nonlinearity), "nonlinearity", (int)Nonlinearity, "tanh or relu");
        Require(Enum.IsDefined(Pooling), "pooling", (int)Pooling, "last, max or mean");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ElmanException($"config field 'dropout' is {Dropout}, expected 0 ≤ p < 1");
    }

    /// <summary>The config as the JSON object PyTorch-side tooling reads (snake_case keys).</summary>
    public string ToJson()
    {
        var o = new JsonObject
        {
            ["vocab_size"] = VocabSize,
            ["input_size"] = InputSize,
            ["hidden_size"] = HiddenSize,
            ["num_layers"] = NumLayers,
            ["num_classes"] = NumClasses,
            ["nonlinearity"] = NonlinearityName(Nonlinearity),
        };
        if (Bidirectional) o["bidirectional"] = true;
        if (Dropout > 0) o["dropout"] = Dropout;
        if (IsRegression) o["head"] = "regression";
        if (Pooling != Pooling.Last) o["pooling"] = PoolingName(Pooling);
        return o.ToJsonString();
    }

    /// <summary>Parses the config JSON; <paramref name="source"/> names the file in error messages.</summary>
    /// <exception cref="ElmanException">The JSON is malformed, a field is missing or has the wrong type, or a value is out of range.</exception>
    public static RnnConfig FromJson(string json, string source)
    {
        JsonObject obj;
        try
        {
            obj = JsonNode.Parse(json) as JsonObject ?? throw new ElmanException($"{source}: config is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new ElmanException($"{source}: config is not valid JSON ({e.Message.Split('\n')[0]})");
        }
        int Int(string key)
        {
            if (obj[key] is not JsonValue v || !v.TryGetValue(out int value))
                throw new ElmanException($"{source}: config field '{key}' is missing or not an integer");
            return value;
        }
        var act = obj["nonlinearity"] is JsonValue nv && nv.TryGetValue(out string? name) ? name : "tanh";
        bool bidirectional = false;
        if (obj["bidirectional"] is { } bn && (bn is not JsonValue bv || !bv.TryGetValue(out bidirectional)))
            throw new ElmanException($"{source}: config field 'bidirectional' is not true or false");
        var head = obj["head"] is JsonValue hv && hv.TryGetValue(out string? headName) ? headName : "classification";
        if (head is not ("classification" or "regression"))
            throw new ElmanException($"{source}: config field 'head' is '{head}', expected classification or regression");
        var pooling = Pooling.Last;
        if (obj["pooling"] is { } pn)
        {
            string? poolingName = pn is JsonValue pv && pv.TryGetValue(out string? text) ? text : null;
            pooling = poolingName switch
            {
                "last" => Pooling.Last,
                "max" => Pooling.Max,
                "mean" => Pooling.Mean,
                _ => throw new ElmanException($"{source}: config field 'pooling' is {pn.ToJsonString()}, expected \"last\", \"max\" or \"mean\""),
            };
        }
        double dropout = 0;
        if (obj["dropout"] is { } dn && (dn is not JsonValue dv || !dv.TryGetValue(out dropout)))
            throw new ElmanException($"{source}: config field 'dropout' is not a number");
        var config = new RnnConfig(
            obj.ContainsKey("vocab_size") ? Int("vocab_size") : 0,
            Int("input_size"), Int("hidden_size"),
            obj.ContainsKey("num_layers") ? Int("num_layers") : 1,
            Int("num_classes"),
            ParseNonlinearity(act, $"{source}: config field 'nonlinearity'"),
            bidirectional, dropout, head == "regression" ? OutputHead.Regression : OutputHead.Classification, pooling);
        try { config.Validate(); }
        catch (ElmanException e) { throw new ElmanException($"{source}: {e.Message}"); }
        return config;
    }

    /// <summary>The PyTorch spelling of a nonlinearity: "tanh" or "relu".</summary>
    public static string NonlinearityName(Nonlinearity nonlinearity) => nonlinearity == Nonlinearity.Relu ? "relu" : "tanh";

    /// <summary>The config spelling of a pooling: "last", "max" or "mean".</summary>
    public static string PoolingName(Pooling pooling) => pooling switch
    {
        Pooling.Max => "max",
        Pooling.Mean => "mean",
        _ => "last",
    };

    /// <summary>Parses "last", "max" or "mean" (case-insensitive); <paramref name="what"/> prefixes the error message.</summary>
    public static Pooling ParsePooling(string name, string what) => name.ToLowerInvariant() switch
    {
        "last" => Pooling.Last,
        "max" => Pooling.Max,
        "mean" => Pooling.Mean,
        _ => throw new ElmanException($"{what} is '{name}', expected last, max or mean"),
    };

    /// <summary>Parses "tanh" or "relu" (case-insensitive); <paramref name="what"/> prefixes the error message.</summary>
    public static Nonlinearity ParseNonlinearity(string name, string what) => name.ToLowerInvariant() switch
    {
        "tanh" => Nonlinearity.Tanh,
        "relu" => Nonlinearity.Relu,
        _ => throw new ElmanException($"{what} is '{name}', expected tanh or relu"),
    };
}
