using System.IO.Compression;

namespace Elman.Data.Sequences;

/// <summary>
/// Reads a <c>.npz</c> file as <c>numpy.savez</c> (entries stored) and <c>numpy.savez_compressed</c>
/// (entries deflated) write it: a zip archive of <c>.npy</c> files named after the arrays, here
/// <c>x.npy</c> (or <c>X.npy</c>), <c>y.npy</c> and optionally <c>lengths.npy</c>. Arrays saved without
/// names, <c>numpy.savez(path, x, y)</c>, are <c>arr_0</c> (x) and <c>arr_1</c> (y); a third unnamed array
/// is refused rather than guessed at. Entries are streamed out of the archive, so x is decompressed
/// straight into its final buffer. Other entries are ignored.
/// </summary>
public static class NpzReader
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="ElmanException">Not a zip file, an array missing or malformed (see <see cref="NumericSequences"/>).</exception>
    public static NumericSequences Read(string path, bool requireLabels = true)
    {
        if (!File.Exists(path)) throw new ElmanException($"{path}: data file not found");
        var file = File.OpenRead(path);
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(file, ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            file.Dispose();
            throw new ElmanException($"{path}: not a readable .npz (zip) file: {e.Message}");
        }
        using (archive)
        {
            var names = archive.Entries.Select(e => e.FullName).ToArray();
            bool positional = archive.GetEntry("x.npy") is null && archive.GetEntry("X.npy") is null && archive.GetEntry("arr_0.npy") is not null;
            if (positional && archive.GetEntry("arr_2.npy") is not null)
                throw new ElmanException($"{path}: holds unnamed arrays arr_0, arr_1, arr_2, …; save them by name, numpy.savez(path, x=x, y=y, lengths=lengths), so lengths are not mistaken for labels");
            try
            {
                return NumpySequences.Read(path, (name, required) =>
                {
                    var entry = positional && name is "x" or "y" ? archive.GetEntry(name == "x" ? "arr_0.npy" : "arr_1.npy")
                        : archive.GetEntry(name + ".npy") ?? (name == "x" ? archive.GetEntry("X.npy") : null);
                    if (entry is null)
                    {
                        if (!required) return null;
                        throw new ElmanException($"{path}: no array '{name}' in the archive (found {(names.Length == 0 ? "none" : string.Join(", ", names.Take(20)))}); expected x.npy, y.npy and optionally lengths.npy as numpy.savez(path, x=x, y=y) writes");
                    }
                    return (entry.Open(), $"{path}: {entry.FullName}");
                }, requireLabels);
            }
            catch (InvalidDataException e)
            {
                throw new ElmanException($"{path}: a compressed entry is damaged ({e.Message})");
            }
        }
    }
}
