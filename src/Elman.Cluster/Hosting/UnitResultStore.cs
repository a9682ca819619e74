using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Elman.Cluster.Units;
using Elman.IO;

namespace Elman.Cluster.Hosting;

/// <summary>
/// Finished units' results on a silo's disk, <c>&lt;folder&gt;/&lt;key&gt;.result</c>, so that a unit's grain activated
/// again (after a day without calls, after its silo restarted, or on another silo sharing the folder) returns the
/// result instead of computing it again. A file is written atomically and read only when it is whole and its
/// key matches; anything else is ignored (the unit is then computed again, with the same bytes).
/// </summary>
/// <param name="Folder">The store's folder.</param>
public sealed class UnitResultStore(string Folder)
{
    sealed record Header(string Key, string Silo, int ProcessId, string Host, long ElapsedTicks, int PayloadLength);

    /// <summary>Keeps <paramref name="result"/>; a failure to write is not the unit's failure, so it is swallowed.</summary>
    public void Keep(UnitResult result)
    {
        try
        {
            Directory.CreateDirectory(Folder);
            byte[] header = JsonSerializer.SerializeToUtf8Bytes(new Header(result.Key, result.Silo, result.ProcessId, result.Host, result.Elapsed.Ticks, result.Payload.Length));
            AtomicFile.Write(PathOf(result.Key), stream =>
            {
                Span<byte> length = stackalloc byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(length, header.Length);
                stream.Write(length);
                stream.Write(header);
                stream.Write(result.Payload);
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ElmanException)
        {
            // The result still goes back to the client from memory; only a later reactivation will compute it again.
        }
    }

    /// <summary>The stored result of unit <paramref name="key"/>, or null.</summary>
    public UnitResult? Find(string key)
    {
        string path = PathOf(key);
        try
        {
            if (!File.Exists(path)) return null;
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length < 4) return null;
            int headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes);
            if (headerLength <= 0 || headerLength > bytes.Length - 4) return null;
            var header = JsonSerializer.Deserialize<Header>(Encoding.UTF8.GetString(bytes, 4, headerLength));
            if (header is null || header.Key != key || header.PayloadLength != bytes.Length - 4 - headerLength) return null;
            return new UnitResult(key, bytes[(4 + headerLength)..], header.Silo, header.ProcessId, header.Host, TimeSpan.FromTicks(header.ElapsedTicks));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    string PathOf(string key) => Path.Combine(Folder, key + ".result");
}
