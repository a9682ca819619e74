namespace Elman.Data.Sequences;

/// <summary>
/// Reads arrays saved as separate <c>.npy</c> files. Either name the x file <c>NAME.x.npy</c>, with
/// <c>NAME.y.npy</c> and optionally <c>NAME.lengths.npy</c> beside it, or name a directory holding
/// <c>x.npy</c>, <c>y.npy</c> and optionally <c>lengths.npy</c>. The x file is streamed into its final
/// buffer in 1 MiB chunks: a 1 GB float32 file costs 1 GB of memory, not two.
/// </summary>
public static class NpyPairReader
{
    /// <summary>The files the arrays of <paramref name="path"/> are read from: (x, y, lengths).</summary>
    /// <exception cref="ElmanException"><paramref name="path"/> follows neither naming convention.</exception>
    public static (string X, string Y, string Lengths) Files(string path)
    {
        if (Directory.Exists(path)) return (Path.Combine(path, "x.npy"), Path.Combine(path, "y.npy"), Path.Combine(path, "lengths.npy"));
        string name = Path.GetFileName(path);
        if (!name.EndsWith(".x.npy", StringComparison.OrdinalIgnoreCase))
            throw new ElmanException($"{path}: a .npy data file must be named NAME.x.npy, with labels in NAME.y.npy (and optionally NAME.lengths.npy) beside it; or name the directory that holds x.npy and y.npy, or save one .npz");
        string stem = path[..^".x.npy".Length];
        return (path, stem + ".y.npy", stem + ".lengths.npy");
    }

    /// <summary>Reads the arrays of <paramref name="path"/> (see <see cref="Files"/>).</summary>
    /// <exception cref="ElmanException">A file is missing, or an array is malformed.</exception>
    public static NumericSequences Read(string path, bool requireLabels = true)
    {
        var (x, y, lengths) = Files(path);
        return NumpySequences.Read(x, (name, required) =>
        {
            string file = name switch { "x" => x, "y" => y, _ => lengths };
            if (!File.Exists(file))
            {
                if (!required) return null;
                throw new ElmanException($"{file}: file not found ('{name}' of {path})");
            }
            return (new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), file);
        }, requireLabels);
    }
}
