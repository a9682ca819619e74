using Elman.IO;
using Elman.Model;

namespace Elman.Data.Sequences;

/// <summary>
/// Reads a safetensors batch file as <see cref="BatchFile"/> defines it (<c>x</c> F32 [N, T, D],
/// <c>lengths</c> I64 [N], <c>y</c> I64 [N] class indices) as numeric sequences. The class names are the
/// label values' decimal text, so a file written from a <see cref="NumericSequences"/> reads back with
/// the same classes. The file is read whole (about twice its size in memory, once for the file and once
/// for x); save large data as <c>.npy</c> or <c>.npz</c>, which stream.
/// </summary>
public static class SafeTensorsSequenceReader
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="ElmanException">The file is not a dense, labelled batch (token batches are text).</exception>
    public static NumericSequences Read(string path, bool requireLabels = true)
    {
        if (!File.Exists(path)) throw new ElmanException($"{path}: data file not found");
        var file = SafeTensorsFile.Read(path);
        if (!file.TryGet("x", out var x))
            throw new ElmanException($"{path}: no tensor 'x' (F32 [N, T, D]){(file.TryGet("tokens", out _) ? "; 'tokens' hold text, not numeric sequences" : "")}");
        if (x.Shape.Count != 3) throw new ElmanException($"{path}: tensor 'x' has shape [{string.Join(", ", x.Shape)}], expected [N, T, D]");
        // A config that only fixes D: BatchFile then checks shapes, dtypes, lengths and finiteness as for any batch.
        var config = new RnnConfig(0, (int)x.Shape[2], 1, 1, int.MaxValue);
        var batch = BatchFile.FromFile<float>(file, config, requireLabels);
        var values = batch.Labels.ToArray().Select(l => (long)l).ToArray();
        var (labels, classNames) = batch.HasLabels ? ClassLabels.FromIntegers(values) : ([], []);
        return new NumericSequences(path, batch.X.ToArray(), batch.BatchSize, batch.Steps, batch.InputSize, batch.Lengths.ToArray(), labels, classNames);
    }
}
