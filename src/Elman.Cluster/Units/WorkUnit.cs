using System.Security.Cryptography;
using System.Text;

namespace Elman.Cluster.Units;

/// <summary>
/// One unit of work as a value: what to compute (<see cref="Kind"/> and its JSON <see cref="Description"/>), on how
/// many threads, how the describing machine computes, and the files it needs. Its result depends only on this
/// description, so its <see cref="Key"/> (SHA-256 of kind, description, threads, compute signature and the files'
/// hashes) names the grain that computes it: submitting a unit twice computes it once.
/// </summary>
/// <param name="Kind">What the description describes.</param>
/// <param name="Label">A short name for progress lines ("member 2/4", "tanh T = 50 seed 0", "shard 3/8"); not part of the key.</param>
/// <param name="Description">The kind's description as JSON (<see cref="MemberUnits"/>, <see cref="LongRangeCells"/>, <see cref="PredictionShards"/>).</param>
/// <param name="Threads">Threads for the unit's matrix products: part of what its result depends on.</param>
/// <param name="Files">Files the unit reads, with their bytes.</param>
[GenerateSerializer, Alias("elman.work-unit")]
public sealed record WorkUnit(UnitKind Kind, string Label, string Description, int Threads, IReadOnlyList<UnitFile> Files)
{
    /// <summary>SHA-256 (lowercase hex) of everything the result depends on; the file bytes enter through their hashes.</summary>
    public string Key => _key ??= KeyOf(Kind, Description, Threads, Files, Compute);
    [NonSerialized] string? _key;

    /// <summary>How the describing machine computes (<see cref="ComputeSignature"/>); only a silo that computes the same way runs the unit.</summary>
    [Id(0)] public string Compute { get; init; } = ComputeSignature.Local;

    static string KeyOf(UnitKind kind, string description, int threads, IReadOnlyList<UnitFile> files, string compute)
    {
        var text = new StringBuilder().Append(kind).Append('\n').Append(threads).Append('\n').Append(compute).Append('\n').Append(description).Append('\n');
        foreach (var file in files) text.Append(file.Name).Append('=').Append(file.Sha256).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Bytes the unit carries (its description and files), roughly what its message weighs.</summary>
    public long Size => 2L * Description.Length + Files.Sum(f => (long)f.Bytes.Length);

    /// <summary>Whether every file's bytes match its hash (a unit whose bytes were altered on the way is refused).</summary>
    public bool FilesIntact() => Files.All(f => UnitFile.Hash(f.Bytes) == f.Sha256);
}
