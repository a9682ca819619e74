using System.Buffers.Binary;

namespace Elman.IO;

/// <summary>
/// Reads a safetensors file in the order that keeps a hostile file from making us allocate or read
/// what it merely claims: the 8-byte length prefix, checked against the real size; the header,
/// validated entry by entry; only then the data area.
/// </summary>
internal static class SafeTensorsReader
{
    /// <summary>Reads and validates the file at <paramref name="path"/>; messages name it as given.</summary>
    public static SafeTensorsFile Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            long fileLength = stream.Length;
            CheckFileLength(fileLength, path);
            Span<byte> prefix = stackalloc byte[SafeTensorsHeader.PrefixLength];
            stream.ReadExactly(prefix);
            var header = new byte[HeaderLength(prefix, fileLength, path)];
            stream.ReadExactly(header);
            long dataLength = fileLength - SafeTensorsHeader.PrefixLength - header.Length;
            SafeTensorsHeader parsed = SafeTensorsHeader.Parse(header, dataLength, path);
            var data = new byte[CheckDataLength(dataLength, path)];
            stream.ReadExactly(data);
            return Build(parsed, data, path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SafeTensorsException($"{path}: file not found", e);
        }
        catch (EndOfStreamException e)
        {
            throw new SafeTensorsException($"{path}: file ended early; was it changed while being read?", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SafeTensorsException($"{path}: cannot read: {e.Message}", e);
        }
    }

    /// <summary>Validates <paramref name="bytes"/> as a whole safetensors file and copies out its data area.</summary>
    public static SafeTensorsFile Parse(ReadOnlySpan<byte> bytes, string source)
    {
        CheckFileLength(bytes.Length, source);
        int headerLength = HeaderLength(bytes[..SafeTensorsHeader.PrefixLength], bytes.Length, source);
        ReadOnlySpan<byte> afterPrefix = bytes[SafeTensorsHeader.PrefixLength..];
        ReadOnlySpan<byte> data = afterPrefix[headerLength..];
        SafeTensorsHeader parsed = SafeTensorsHeader.Parse(afterPrefix[..headerLength].ToArray(), data.Length, source);
        return Build(parsed, data.ToArray(), source);
    }

    private static void CheckFileLength(long fileLength, string source)
    {
        if (fileLength < SafeTensorsHeader.PrefixLength)
            throw new SafeTensorsException(
                $"{source}: file is {fileLength} bytes, too short for the {SafeTensorsHeader.PrefixLength}-byte header length that starts a safetensors file");
    }

    private static int HeaderLength(ReadOnlySpan<byte> prefix, long fileLength, string source)
    {
        ulong claimed = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        ulong available = (ulong)(fileLength - SafeTensorsHeader.PrefixLength);
        if (claimed > SafeTensorsHeader.MaxLength)
            throw new SafeTensorsException(
                $"{source}: header length {claimed} exceeds the {SafeTensorsHeader.MaxLength}-byte limit");
        if (claimed > available)
            throw new SafeTensorsException(
                $"{source}: header length {claimed} runs past the end of the file ({fileLength} bytes, so at most {available})");
        return (int)claimed;
    }

    private static int CheckDataLength(long dataLength, string source)
    {
        if (dataLength > Array.MaxLength)
            throw new SafeTensorsException(
                $"{source}: data area is {dataLength} bytes, more than the {Array.MaxLength} this reader holds in memory");
        return (int)dataLength;
    }

    private static SafeTensorsFile Build(SafeTensorsHeader header, byte[] data, string source)
    {
        IEnumerable<SafeTensor> tensors = header.Entries.Select(e => new SafeTensor(
            e.Name, e.DType, e.Shape, e.ElementCount, data.AsMemory((int)e.Begin, (int)(e.End - e.Begin)), source));
        var file = new SafeTensorsFile(tensors, header.Metadata, source);
        ContentDigest.Verify(file);
        return file;
    }
}
