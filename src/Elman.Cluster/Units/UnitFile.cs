using System.Security.Cryptography;

namespace Elman.Cluster.Units;

/// <summary>
/// A file a unit needs that a silo on another machine cannot read by its path (a user's data, a model): its
/// bytes travel with the unit, and the silo keeps them in its cache under their SHA-256.
/// </summary>
/// <param name="Name">The path as the unit's description names it (the run's data path, "model").</param>
/// <param name="Sha256">SHA-256 of <paramref name="Bytes"/>, lowercase hex; part of the unit's key.</param>
/// <param name="Bytes">The file's content.</param>
[GenerateSerializer, Alias("elman.unit-file")]
public sealed record UnitFile(string Name, string Sha256, byte[] Bytes)
{
    /// <summary>Reads <paramref name="path"/> into a unit file named <paramref name="name"/> (the path itself by default).</summary>
    /// <exception cref="ElmanException">The path is a folder or cannot be read.</exception>
    public static UnitFile Read(string path, string? name = null)
    {
        if (Directory.Exists(path)) throw new ElmanException($"{path}: a folder cannot travel with a unit of work to other machines; give the data as one file");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ElmanException($"{path}: cannot be read ({e.Message})", e);
        }
        return FromBytes(name ?? path, bytes);
    }

    /// <summary>A unit file holding <paramref name="bytes"/>.</summary>
    public static UnitFile FromBytes(string name, byte[] bytes) => new(name, Hash(bytes), bytes);

    /// <summary>SHA-256 of <paramref name="bytes"/> as lowercase hex.</summary>
    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
