using System.Numerics;
using Elman.Data;
using Elman.Model;

namespace Elman.IO;

/// <summary>
/// A batch stored as safetensors, the exchange format of <c>elman grad</c> and <c>elman jacobian</c>:
/// <c>x</c> (F32 [B, T, D]) or <c>tokens</c> (I64 [B, T]), <c>lengths</c> (I64 [B]) and <c>y</c> (I64 [B]
/// class labels, or F32 [B] targets for a regression head).
/// </summary>
public static class BatchFile
{
    /// <summary>Reads a batch and checks it against <paramref name="config"/>; labels are optional unless <paramref name="requireLabels"/>.</summary>
    /// <exception cref="ElmanException">A tensor is missing, has the wrong dtype or shape, or holds a value the model cannot take.</exception>
    public static SequenceBatch<T> Read<T>(string path, RnnConfig config, bool requireLabels = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!File.Exists(path)) throw new ElmanException($"{path}: inputs file not found");
        return FromFile<T>(SafeTensorsFile.Read(path), config, requireLabels);
    }

    /// <summary>As <see cref="Read{T}"/>, from a parsed file.</summary>
    public static SequenceBatch<T> FromFile<T>(SafeTensorsFile file, RnnConfig config, bool requireLabels = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string source = file.Source;
        bool hasX = file.TryGet("x", out var xTensor), hasTokens = file.TryGet("tokens", out var tokenTensor);
        if (hasX == hasTokens)
            throw new ElmanException($"{source}: expected exactly one of 'x' (F32 [B, T, D]) or 'tokens' (I64 [B, T]), found {(hasX ? "both" : "neither")}");
        var lengthsTensor = Require(file, "lengths");
        var lengths = ToInt32(source, lengthsTensor, 1);
        int batch = lengths.Length;
        int[] labels = [];
        T[] targets = [];
        if (file.TryGet("y", out var yTensor))
        {
            if (config.IsRegression) targets = ToFloating<T>(source, yTensor, 1);
            else labels = ToInt32(source, yTensor, 1);
        }
        else if (requireLabels) throw new ElmanException($"{source}: missing tensor 'y' ({(config.IsRegression ? "F32 [B] targets" : "I64 [B] class labels")})");
        if (Math.Max(labels.Length, targets.Length) is var ny && ny != 0 && ny != batch)
            throw new ElmanException($"{source}: tensor 'y' has {ny} entries, expected B = {batch} (one per entry of 'lengths')");

        SequenceBatch<T> result;
        if (hasX)
        {
            if (xTensor!.Shape.Count != 3 || xTensor.Shape[0] != batch)
                throw new ElmanException($"{source}: tensor 'x' has shape [{string.Join(", ", xTensor.Shape)}], expected [B = {batch}, T, D = {config.InputSize}]");
            var x = ToFloating<T>(source, xTensor, 3);
            result = SequenceBatch<T>.Dense(x, batch, (int)xTensor.Shape[1], (int)xTensor.Shape[2], lengths, labels, targets);
        }
        else
        {
            if (tokenTensor!.Shape.Count != 2 || tokenTensor.Shape[0] != batch)
                throw new ElmanException($"{source}: tensor 'tokens' has shape [{string.Join(", ", tokenTensor.Shape)}], expected [B = {batch}, T]");
            var tokens = ToInt32(source, tokenTensor, 2);
            result = SequenceBatch<T>.FromTokens(tokens, batch, (int)tokenTensor.Shape[1], lengths, labels, targets);
        }
        result.Validate(config, source);
        return result;
    }

    /// <summary>Writes a batch in this format (F32 x or I64 tokens, I64 lengths and y), atomically.</summary>
    public static void Write(string path, SequenceBatch<float> batch)
    {
        var tensors = new List<SafeTensor>();
        if (batch.IsTokens)
            tensors.Add(SafeTensor.FromInt64("tokens", batch.Tokens.ToArray().Select(t => (long)t).ToArray(), batch.BatchSize, batch.Steps));
        else
            tensors.Add(SafeTensor.FromSingle("x", batch.X.Span.Slice(0, batch.BatchSize * batch.Steps * batch.InputSize), batch.BatchSize, batch.Steps, batch.InputSize));
        tensors.Add(SafeTensor.FromInt64("lengths", batch.Lengths.ToArray().Select(l => (long)l).ToArray(), batch.BatchSize));
        if (batch.HasLabels) tensors.Add(SafeTensor.FromInt64("y", batch.Labels.ToArray().Select(l => (long)l).ToArray(), batch.BatchSize));
        if (batch.HasTargets) tensors.Add(SafeTensor.FromSingle("y", batch.Targets.Span, batch.BatchSize));
        new SafeTensorsFile(tensors).Write(path);
    }

    static SafeTensor Require(SafeTensorsFile file, string name)
        => file.TryGet(name, out var t) ? t : throw new ElmanException($"{file.Source}: missing tensor '{name}'");

    static T[] ToFloating<T>(string source, SafeTensor tensor, int rank) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (tensor.Shape.Count != rank)
            throw new ElmanException($"{source}: tensor '{tensor.Name}' has shape [{string.Join(", ", tensor.Shape)}], expected {rank} dimension{(rank > 1 ? "s" : "")}");
        if (!tensor.DType.IsFloatingPoint())
            throw new ElmanException($"{source}: tensor '{tensor.Name}' has dtype {tensor.DType}, expected F32");
        var result = new T[tensor.ElementCount];
        FloatingTensors.CopyFinite<T>(tensor, result, source, "values");
        return result;
    }

    static int[] ToInt32(string source, SafeTensor tensor, int rank)
    {
        if (tensor.Shape.Count != rank)
            throw new ElmanException($"{source}: tensor '{tensor.Name}' has shape [{string.Join(", ", tensor.Shape)}], expected {rank} dimension{(rank > 1 ? "s" : "")}");
        if (tensor.DType is not (SafeTensorDType.I64 or SafeTensorDType.I32 or SafeTensorDType.I16 or SafeTensorDType.I8 or SafeTensorDType.U8))
            throw new ElmanException($"{source}: tensor '{tensor.Name}' has dtype {tensor.DType}, expected I64");
        var values = tensor.ToInt64Array();
        var result = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < int.MinValue || values[i] > int.MaxValue)
                throw new ElmanException($"{source}: tensor '{tensor.Name}' holds {values[i]} at element {i}, out of range");
            result[i] = (int)values[i];
        }
        return result;
    }
}
