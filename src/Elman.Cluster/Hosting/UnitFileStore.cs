using Elman.Cluster.Units;
using Elman.IO;

namespace Elman.Cluster.Hosting;

/// <summary>
/// A silo's copies of the files units bring, kept by content: <c>&lt;folder&gt;/&lt;sha256&gt;/&lt;file name&gt;</c>, so a file
/// is written once however many units bring it, and keeps its name (and with it its format and its data name).
/// </summary>
/// <param name="Folder">The store's folder.</param>
public sealed class UnitFileStore(string Folder)
{
    /// <summary>Writes any of <paramref name="files"/> not yet stored; returns each file's name mapped to its local path.</summary>
    /// <exception cref="ElmanException">A file's bytes do not match its hash.</exception>
    public IReadOnlyDictionary<string, string> Materialise(IReadOnlyList<UnitFile> files)
    {
        var local = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (UnitFile.Hash(file.Bytes) != file.Sha256) throw new ElmanException($"{file.Name}: the bytes that arrived do not match their SHA-256 {file.Sha256}");
            string name = Path.GetFileName(file.Name);
            if (name.Length == 0 || name is "." or "..") name = "file";
            string path = Path.Combine(Folder, file.Sha256, name);
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                AtomicFile.Write(path, stream => stream.Write(file.Bytes));
            }
            local[file.Name] = path;
        }
        return local;
    }
}
