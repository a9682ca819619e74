using System.Security.Cryptography;

namespace Elman.IO;

/// <summary>
/// A SHA-256 digest of a safetensors file's whole content, kept in its own metadata under
/// <see cref="Key"/>, so a flipped byte anywhere (header, metadata, weights) is noticed on load.
/// </summary>
/// <remarks>
/// The digest is SHA-256 over the exact bytes the file would have without the <see cref="Key"/> entry:
/// prefix, header (metadata in ordinal key order, tensors in file order) and data area, as
/// <see cref="SafeTensorsFile.WriteTo"/> lays them out. Verifying re-serialises the parsed file and
/// hashes it, so any change to a tensor, a shape, a metadata value, or the header's order is caught;
/// changes the parser erases (padding spaces) are harmless by construction. SHA-256 rather than a
/// faster non-cryptographic hash: it is in the BCL, hardware-accelerated, and models are small next to
/// the disk speed. Files without the key (written by PyTorch) carry no promise and load as before.
/// </remarks>
public static class ContentDigest
{
    /// <summary>The metadata key of the digest: 64 lowercase hex digits.</summary>
    public const string Key = "content_sha256";

    /// <summary>The digest of <paramref name="file"/>'s content, ignoring any <see cref="Key"/> it has.</summary>
    public static string Compute(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var unsealed = new SafeTensorsFile(file.Tensors, file.Metadata.Where(p => p.Key != Key).ToDictionary(), file.Source);
        using var sha = SHA256.Create();
        using (var hashing = new CryptoStream(Stream.Null, sha, CryptoStreamMode.Write, leaveOpen: true))
            unsealed.WriteTo(hashing);
        return Convert.ToHexStringLower(sha.Hash!);
    }

    /// <summary><paramref name="file"/> with its digest stored under <see cref="Key"/> (replacing a stale one).</summary>
    public static SafeTensorsFile Seal(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var metadata = file.Metadata.ToDictionary();
        metadata[Key] = Compute(file);
        return new SafeTensorsFile(file.Tensors, metadata, file.Source);
    }

    /// <summary>Whether <paramref name="file"/> carries a digest.</summary>
    public static bool IsSealed(SafeTensorsFile file) => file.Metadata.ContainsKey(Key);

    /// <summary>Checks the digest of a file that carries one; a file without one passes.</summary>
    /// <exception cref="SafeTensorsException">The stored digest does not match the content.</exception>
    public static void Verify(SafeTensorsFile file)
    {
        if (!file.Metadata.TryGetValue(Key, out string? stored)) return;
        if (!string.Equals(stored, Compute(file), StringComparison.Ordinal))
            throw new SafeTensorsException(
                $"{file.Source}: content does not match its {Key} digest: the file was damaged or edited after it was written");
    }
}
