using Elman.Data;
using Elman.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Elman.Integration.Tests.Onnx;

/// <summary>Runs an exported classifier in ONNX Runtime on an Elman batch.</summary>
public sealed class OnnxRunner : IDisposable
{
    readonly InferenceSession _session;

    public OnnxRunner(byte[] model, int threads = 1)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        _session = new InferenceSession(model, options);
    }

    public IReadOnlyDictionary<string, string> Metadata => _session.ModelMetadata.CustomMetadataMap;
    public IReadOnlyDictionary<string, NodeMetadata> Inputs => _session.InputMetadata;
    public IReadOnlyDictionary<string, NodeMetadata> Outputs => _session.OutputMetadata;

    /// <summary>Every output of the model for <paramref name="batch"/>, by name.</summary>
    public Dictionary<string, float[]> Run(SequenceBatch<float> batch)
    {
        int b = batch.BatchSize, s = batch.Steps;
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor(OnnxExporter.LengthsInput,
                new DenseTensor<long>(batch.Lengths.ToArray().Select(l => (long)l).ToArray(), [b])),
        };
        inputs.Add(batch.IsTokens
            ? NamedOnnxValue.CreateFromTensor(OnnxExporter.TokensInput,
                new DenseTensor<long>(batch.Tokens[..(b * s)].ToArray().Select(t => (long)t).ToArray(), [b, s]))
            : NamedOnnxValue.CreateFromTensor(OnnxExporter.DenseInput,
                new DenseTensor<float>(batch.X[..(b * s * batch.InputSize)].ToArray(), [b, s, batch.InputSize])));
        using var results = _session.Run(inputs);
        return results.ToDictionary(r => r.Name, r => r.AsEnumerable<float>().ToArray());
    }

    public void Dispose() => _session.Dispose();
}
