using System.Numerics;
using System.Reflection;
using Elman.IO;
using Elman.Model;
using Elman.Data.Sequences;
using Elman.Onnx.Graph;
using Elman.Layers;

namespace Elman.Onnx;

/// <summary>
/// Writes an <see cref="RnnClassifier{T}"/> as an ONNX model of standard operators (opset
/// <see cref="Opset"/>) that computes the same outputs: <c>Transpose</c> to time-major and
/// <c>Gather</c> for the embedding, one <c>RNN</c> node per layer (forward or bidirectional; its
/// <c>sequence_lens</c> make <c>Y_h</c> each sequence's state at its last valid step), for max or mean
/// pooling a masked reduction of the top node's outputs over the valid steps (Range, Less, Where,
/// ReduceMax or ReduceSum and Div), <c>Gemm</c> for the linear head and <c>Softmax</c>.
/// </summary>
/// <remarks>
/// Inputs: <c>tokens</c> (int64 [batch, steps]) for a model with an embedding, otherwise <c>x</c>
/// (float [batch, steps, D]); and <c>lengths</c> (int64 [batch], 1 ≤ length ≤ steps). Outputs:
/// <c>logits</c> and <c>probabilities</c> (float [batch, C]), or for a regression head <c>prediction</c>
/// (float [batch, 1]). A model trained on standardised sequences (metadata "normalization") standardises
/// <c>x</c> in the graph (Sub, Div), so it takes raw inputs. Batch and steps are dynamic. The RNN operator is fed time-major
/// [steps, batch, D] (layout 0) because ONNX Runtime implements only that layout of RNN. Dropout is a
/// training-time operation and is not exported.
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The ai.onnx opset the file imports: 14 is the newest version of every operator used (RNN-14).</summary>
    public const int Opset = 14;
    /// <summary>The ONNX IR version that goes with opset 14.</summary>
    public const int IrVersion = 7;

    /// <summary>Input name of the token ids, int64 [batch, steps].</summary>
    public const string TokensInput = "tokens";
    /// <summary>Input name of dense features, float [batch, steps, D].</summary>
    public const string DenseInput = "x";
    /// <summary>Input name of the valid lengths, int64 [batch].</summary>
    public const string LengthsInput = "lengths";
    /// <summary>Output name of the classifier outputs, float [batch, C].</summary>
    public const string LogitsOutput = "logits";
    /// <summary>Output name of softmax(logits), float [batch, C].</summary>
    public const string ProbabilitiesOutput = "probabilities";
    /// <summary>The only output of a regression model, float [batch, 1].</summary>
    public const string PredictionOutput = "prediction";

    const string Batch = "batch", Steps = "steps";

    /// <summary>The ONNX file's bytes. <paramref name="metadata"/> (e.g. a checkpoint's class names) goes into the model's metadata_props, next to "config".</summary>
    public static byte[] ToBytes<T>(RnnClassifier<T> model, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata is not null) foreach (var (k, v) in metadata) meta[k] = v;
        meta[Checkpoint.ConfigKey] = model.Config.ToJson();
        var info = new OnnxModelInfo(IrVersion, Opset, "elman", ProducerVersion,
            $"Elman RNN classifier {model.Config.ToJson()}", meta);
        return OnnxModelWriter.Write(BuildGraph(model, FeatureStandardizer.ReadFrom(meta, "metadata")), info);
    }

    /// <summary>Writes the ONNX file to <paramref name="path"/> atomically (temp file + rename).</summary>
    public static void Save<T>(RnnClassifier<T> model, string path, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => AtomicFile.WriteAllBytes(path, ToBytes(model, metadata));

    static OnnxGraph BuildGraph<T>(RnnClassifier<T> model, FeatureStandardizer scaling) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var config = model.Config;
        int c = config.NumClasses;
        var graph = new OnnxGraph("elman_rnn_classifier");
        float[] Weights(string name) => ToSingle<T>(model.Weights[name]);

        // The RNN operator takes sequence_lens as int32; int64 inputs match PyTorch's and Elman's batch files.
        graph.AddInput(LengthsInput, OnnxElementType.Int64, Batch);
        graph.AddNode("Cast", [LengthsInput], ["lengths_int32"], OnnxAttribute.Int("to", (long)OnnxElementType.Int32));

        string sequence = "rnn_input_l0"; // [steps, batch, D]
        if (config.HasEmbedding)
        {
            // Transposing the ids before the lookup moves B·T integers instead of B·T·D floats.
            graph.AddInput(TokensInput, OnnxElementType.Int64, Batch, Steps);
            graph.AddNode("Transpose", [TokensInput], ["tokens_time_major"], OnnxAttribute.Ints("perm", 1, 0));
            string table = graph.AddInitializer(ParameterLayout.EmbeddingWeight, [config.VocabSize, config.InputSize], Weights(ParameterLayout.EmbeddingWeight));
            graph.AddNode("Gather", [table, "tokens_time_major"], [sequence], OnnxAttribute.Int("axis", 0));
        }
        else
        {
            graph.AddInput(DenseInput, OnnxElementType.Float, Batch, Steps, config.InputSize);
            string features = DenseInput;
            if (scaling.Kind == NormalizationKind.Standard)
            {
                // The model's stored standardisation, (x - mean) / std per feature, as the same two float operations
                // Elman applies, so the graph answers on raw inputs as 'elman predict' does. Steps past a length are
                // scaled too, but the RNN never reads them.
                if (scaling.Features != config.InputSize)
                    throw new ElmanException($"metadata \"{FeatureStandardizer.MetadataKey}\" has {scaling.Features} features, the model reads {config.InputSize}");
                string mean = graph.AddInitializer("normalization.mean", [config.InputSize], scaling.Mean);
                string std = graph.AddInitializer("normalization.std", [config.InputSize], scaling.Std);
                graph.AddNode("Sub", [DenseInput, mean], ["x_centred"]);
                graph.AddNode("Div", ["x_centred", std], ["x_standardised"]);
                features = "x_standardised";
            }
            graph.AddNode("Transpose", [features], [sequence], OnnxAttribute.Ints("perm", 1, 0, 2));
        }

        // The classifier's input [batch, H·directions]: the top RNN node's Y_h for the last state, else the
        // masked reduction of its outputs Y over each sequence's valid steps.
        string lastState = "last_state";
        bool pooled = config.Pooling != Pooling.Last;
        for (int k = 0; k < config.NumLayers; k++)
        {
            bool top = k == config.NumLayers - 1;
            string next = top && !pooled ? lastState : top ? "top_outputs" : $"rnn_input_l{k + 1}";
            AddRecurrentLayer(graph, model, k, sequence, top && !pooled, next);
            sequence = next;
        }
        if (pooled) AddPooling(graph, config.Pooling, sequence, lastState);

        string fcWeight = graph.AddInitializer(ParameterLayout.FcWeight, [c, config.OutputSize], Weights(ParameterLayout.FcWeight));
        string fcBias = graph.AddInitializer(ParameterLayout.FcBias, [c], Weights(ParameterLayout.FcBias));
        if (config.IsRegression)
        {
            graph.AddNode("Gemm", [lastState, fcWeight, fcBias], [PredictionOutput], OnnxAttribute.Int("transB", 1));
            graph.AddOutput(PredictionOutput, OnnxElementType.Float, Batch, 1);
            return graph;
        }
        graph.AddNode("Gemm", [lastState, fcWeight, fcBias], [LogitsOutput], OnnxAttribute.Int("transB", 1));
        graph.AddNode("Softmax", [LogitsOutput], [ProbabilitiesOutput], OnnxAttribute.Int("axis", 1));
        graph.AddOutput(LogitsOutput, OnnxElementType.Float, Batch, c);
        graph.AddOutput(ProbabilitiesOutput, OnnxElementType.Float, Batch, c);
        return graph;
    }

    /// <summary>
    /// One RNN node for layer <paramref name="k"/>, reading the time-major <paramref name="input"/> and
    /// writing <paramref name="output"/>: below the top, the layer's outputs [steps, batch, H·dirs] for the
    /// next layer; at the top, the classifier's input [batch, H·dirs].
    /// </summary>
    static void AddRecurrentLayer<T>(OnnxGraph graph, RnnClassifier<T> model, int k, string input, bool top, string output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var config = model.Config;
        int h = config.HiddenSize, dirs = config.Directions, inputSize = k == 0 ? config.InputSize : config.OutputSize;
        bool[] reverse = config.Bidirectional ? [false, true] : [false];
        float[] Stack(Func<bool, string> name) => [.. reverse.SelectMany(r => ToSingle<T>(model.Weights[name(r)]))];

        // ONNX wants W [dirs, H, in], R [dirs, H, H] and B [dirs, 2H] = [b_ih, b_hh] per direction, forward
        // first: PyTorch's tensors, stacked, are exactly that row-major data.
        string w = graph.AddInitializer($"rnn.W_l{k}", [dirs, h, inputSize], Stack(r => ParameterLayout.WeightIh(k, r)));
        string r = graph.AddInitializer($"rnn.R_l{k}", [dirs, h, h], Stack(r => ParameterLayout.WeightHh(k, r)));
        string b = graph.AddInitializer($"rnn.B_l{k}", [dirs, 2 * h],
            [.. reverse.SelectMany(r => ToSingle<T>(model.Weights[ParameterLayout.BiasIh(k, r)]).Concat(ToSingle<T>(model.Weights[ParameterLayout.BiasHh(k, r)])))]);
        string activation = config.Nonlinearity == Nonlinearity.Relu ? "Relu" : "Tanh";

        // Below the top only Y [steps, dirs, batch, H] feeds the next layer; at the top only Y_h [dirs,
        // batch, H], which sequence_lens makes each sequence's forward state at its last valid step and its
        // reverse state after reading back to step 1: the two states Elman's classifier reads.
        string y = top ? $"Y_h_l{k}" : $"Y_l{k}";
        graph.AddNode("RNN", [input, w, r, b, "lengths_int32"], top ? ["", y] : [y],
            OnnxAttribute.Int("hidden_size", h),
            OnnxAttribute.Strings("activations", [.. reverse.Select(_ => activation)]),
            OnnxAttribute.String("direction", config.Bidirectional ? "bidirectional" : "forward"));

        if (dirs == 1)
        {
            graph.AddNode("Squeeze", [y, Constant(graph, top ? "axes_0" : "axes_1", [top ? 0L : 1L])], [output]);
            return;
        }
        // Two directions: put them side by side per step (forward, then reverse) as Elman's layer output
        // and classifier input have them.
        string perm = $"{y}_directions_last";
        graph.AddNode("Transpose", [y], [perm], OnnxAttribute.Ints("perm", top ? [1, 0, 2] : [0, 2, 1, 3]));
        graph.AddNode("Reshape", [perm, Constant(graph, top ? "shape_batch_features" : "shape_steps_batch_features", top ? [0L, -1] : [0L, 0, -1])], [output]);
    }

    /// <summary>
    /// The masked reduction over time of <see cref="SequencePooling"/>: valid[t, b] = t &lt; lengths[b] from
    /// Range(0, steps) and the lengths input; max: ReduceMax over t of Where(valid, Y, -∞); mean: ReduceSum
    /// over t of Where(valid, Y, 0) divided by lengths. <paramref name="outputs"/>: [steps, batch, W];
    /// <paramref name="pooled"/>: [batch, W]. Runtimes zero RNN outputs past a length, but a max must not
    /// see those zeros, so the mask is explicit.
    /// </summary>
    static void AddPooling(OnnxGraph graph, Pooling pooling, string outputs, string pooled)
    {
        graph.AddNode("Shape", [outputs], ["top_outputs_shape"]);
        graph.AddNode("Gather", ["top_outputs_shape", graph.AddInitializer("index_0", [], [0L])], ["steps_count"], OnnxAttribute.Int("axis", 0));
        graph.AddNode("Range", [graph.AddInitializer("range_start", [], [0L]), "steps_count", graph.AddInitializer("range_delta", [], [1L])], ["step_index"]);
        graph.AddNode("Unsqueeze", ["step_index", Constant(graph, "axes_1", [1L])], ["step_index_column"]);               // [steps, 1]
        graph.AddNode("Less", ["step_index_column", LengthsInput], ["valid_steps"]);                                      // [steps, batch]
        graph.AddNode("Unsqueeze", ["valid_steps", Constant(graph, "axes_2", [2L])], ["valid_steps_features"]);            // [steps, batch, 1]
        if (pooling == Pooling.Max)
        {
            string floor = graph.AddInitializer("pooling_floor", [1], [float.NegativeInfinity]);
            graph.AddNode("Where", ["valid_steps_features", outputs, floor], ["top_outputs_masked"]);
            graph.AddNode("ReduceMax", ["top_outputs_masked"], [pooled], OnnxAttribute.Ints("axes", 0), OnnxAttribute.Int("keepdims", 0));
            return;
        }
        string zero = graph.AddInitializer("pooling_zero", [1], [0f]);
        graph.AddNode("Where", ["valid_steps_features", outputs, zero], ["top_outputs_masked"]);
        graph.AddNode("ReduceSum", ["top_outputs_masked", Constant(graph, "axes_0", [0L])], ["top_outputs_sum"], OnnxAttribute.Int("keepdims", 0));
        graph.AddNode("Cast", [LengthsInput], ["lengths_float"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        graph.AddNode("Unsqueeze", ["lengths_float", Constant(graph, "axes_1", [1L])], ["lengths_column"]);               // [batch, 1]
        graph.AddNode("Div", ["top_outputs_sum", "lengths_column"], [pooled]);
    }

    // Small int64 constants are shared by every layer that needs them.
    static string Constant(OnnxGraph graph, string name, long[] values) =>
        graph.HasValue(name) ? name : graph.AddInitializer(name, [values.Length], values);

    static float[] ToSingle<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = float.CreateChecked(values[i]);
        return result;
    }

    static string ProducerVersion { get; } =
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
