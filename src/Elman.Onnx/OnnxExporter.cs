using System.Numerics;
using System.Reflection;
using Elman.IO;
using Elman.Model;
using Elman.Onnx.Graph;

namespace Elman.Onnx;

/// <summary>
/// Writes an <see cref="RnnClassifier{T}"/> as an ONNX model of standard operators (opset
/// <see cref="Opset"/>) that computes the same logits and probabilities:
/// <c>Transpose</c> to time-major and <c>Gather</c> for the embedding, one <c>RNN</c> node per layer
/// (its <c>sequence_lens</c> make <c>Y_h</c> each sequence's state at its last valid step), <c>Gemm</c>
/// for the classifier and <c>Softmax</c>.
/// </summary>
/// <remarks>
/// Inputs: <c>tokens</c> (int64 [batch, steps]) for a model with an embedding, otherwise <c>x</c>
/// (float [batch, steps, D]); and <c>lengths</c> (int64 [batch], 1 ≤ length ≤ steps). Outputs:
/// <c>logits</c> and <c>probabilities</c> (float [batch, C]). Batch and steps are dynamic. The RNN
/// operator is fed time-major [steps, batch, D] (layout 0) because ONNX Runtime implements only that
/// layout of RNN.
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
        return OnnxModelWriter.Write(BuildGraph(model), info);
    }

    /// <summary>Writes the ONNX file to <paramref name="path"/> atomically (temp file + rename).</summary>
    public static void Save<T>(RnnClassifier<T> model, string path, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => AtomicFile.WriteAllBytes(path, ToBytes(model, metadata));

    static OnnxGraph BuildGraph<T>(RnnClassifier<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var config = model.Config;
        int h = config.HiddenSize, c = config.NumClasses;
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
            graph.AddNode("Transpose", [DenseInput], [sequence], OnnxAttribute.Ints("perm", 1, 0, 2));
        }

        string axis0 = graph.AddInitializer("axes_0", [1], [0L]);
        string axis1 = graph.AddInitializer("axes_1", [1], [1L]);
        string lastState = "last_state"; // [batch, H]
        for (int k = 0; k < config.NumLayers; k++)
        {
            int inputSize = k == 0 ? config.InputSize : h;
            // ONNX wants W [directions, H, in], R [directions, H, H] and B [directions, 2H] = [b_ih, b_hh]:
            // PyTorch's tensors are the same row-major data under one more leading dimension.
            string w = graph.AddInitializer($"rnn.W_l{k}", [1, h, inputSize], Weights(ParameterLayout.WeightIh(k)));
            string r = graph.AddInitializer($"rnn.R_l{k}", [1, h, h], Weights(ParameterLayout.WeightHh(k)));
            string b = graph.AddInitializer($"rnn.B_l{k}", [1, 2 * h], [.. Weights(ParameterLayout.BiasIh(k)), .. Weights(ParameterLayout.BiasHh(k))]);
            bool top = k == config.NumLayers - 1;
            // Below the top only Y [steps, 1, batch, H] feeds the next layer; at the top only Y_h
            // [1, batch, H], which sequence_lens makes the state at each sequence's last valid step.
            string[] outputs = top ? ["", "Y_h_top"] : [$"Y_l{k}"];
            graph.AddNode("RNN", [sequence, w, r, b, "lengths_int32"], outputs,
                OnnxAttribute.Int("hidden_size", h),
                OnnxAttribute.Strings("activations", config.Nonlinearity == Nonlinearity.Relu ? "Relu" : "Tanh"),
                OnnxAttribute.String("direction", "forward"));
            if (top)
                graph.AddNode("Squeeze", ["Y_h_top", axis0], [lastState]);
            else
            {
                sequence = $"rnn_input_l{k + 1}";
                graph.AddNode("Squeeze", [$"Y_l{k}", axis1], [sequence]);
            }
        }

        string fcWeight = graph.AddInitializer(ParameterLayout.FcWeight, [c, h], Weights(ParameterLayout.FcWeight));
        string fcBias = graph.AddInitializer(ParameterLayout.FcBias, [c], Weights(ParameterLayout.FcBias));
        graph.AddNode("Gemm", [lastState, fcWeight, fcBias], [LogitsOutput], OnnxAttribute.Int("transB", 1));
        graph.AddNode("Softmax", [LogitsOutput], [ProbabilitiesOutput], OnnxAttribute.Int("axis", 1));
        graph.AddOutput(LogitsOutput, OnnxElementType.Float, Batch, c);
        graph.AddOutput(ProbabilitiesOutput, OnnxElementType.Float, Batch, c);
        return graph;
    }

    static float[] ToSingle<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = float.CreateChecked(values[i]);
        return result;
    }

    static string ProducerVersion { get; } =
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
