using System.IO.Compression;

namespace Elman.Data.Sequences;

/// <summary>
/// Reads a <c>.npz</c> file as <c>numpy.savez</c> (entries stored) and <c>numpy.savez_compressed</c>
/// (entries deflated) write it: a zip archive of <c>.npy</c> files named after the arrays, here
/// <c>x.npy</c> (or <c>X.npy</c>), <c>y.npy</c> and optionally <c>lengths.npy</c>. Entries are streamed
/// out of the archive, so x is decompressed straight into its final buffer. Other entries are ignored.
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
            try
            {
                return NumpySequences.Read(path, (name, required) =>
                {
                    var entry = archive.GetEntry(name + ".npy") ?? (name == "x" ? archive.GetEntry("X.npy") : null);
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
