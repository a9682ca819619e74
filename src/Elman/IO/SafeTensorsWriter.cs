using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Elman.IO;

/// <summary>
/// Serialises a <see cref="SafeTensorsFile"/> the way the reference writer does: compact JSON header,
/// metadata first with keys in ordinal order, then the tensors in the file's order; header padded with
/// spaces to a multiple of 8 bytes so that the data area starts 8-aligned.
/// </summary>
/// <remarks>
/// The data area holds the tensors contiguously in descending element size (stable), as the reference
/// writer orders them, so every tensor starts at a multiple of its element size: readers that map the
/// file and view bytes as floats (PyTorch's <c>view(dtype)</c>, numpy) need no copy. The header
/// offsets say where each one went, so header order and data order may differ.
/// </remarks>
internal static class SafeTensorsWriter
{
    // Relaxed escaping writes non-ASCII text as UTF-8, like the reference writer, instead of \uXXXX;
    // the HTML-safety the default encoder adds is irrelevant in a binary file.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes prefix, header and data to <paramref name="stream"/>.</summary>
    public static void WriteTo(SafeTensorsFile file, Stream stream)
    {
        byte[] header = Header(file);
        Span<byte> prefix = stackalloc byte[SafeTensorsHeader.PrefixLength];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (int index in DataOrder(file.Tensors))
            stream.Write(file.Tensors[index].Data.Span);
    }

    /// <summary>The header bytes, padding included.</summary>
    public static byte[] Header(SafeTensorsFile file)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json, Options))
        {
            writer.WriteStartObject();
            if (file.Metadata.Count > 0)
            {
                writer.WriteStartObject(SafeTensorsHeader.MetadataKey);
                foreach (KeyValuePair<string, string> pair in file.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                    writer.WriteString(pair.Key, pair.Value);
                writer.WriteEndObject();
            }
            long[] begins = Begins(file.Tensors);
            for (int index = 0; index < file.Tensors.Count; index++)
            {
                SafeTensor tensor = file.Tensors[index];
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", tensor.DType.ToString());
                writer.WriteStartArray("shape");
                foreach (long dim in tensor.Shape)
                    writer.WriteNumberValue(dim);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(begins[index]);
                writer.WriteNumberValue(begins[index] + tensor.Data.Length);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }

        int padded = (json.WrittenCount + SafeTensorsHeader.PrefixLength - 1) / SafeTensorsHeader.PrefixLength * SafeTensorsHeader.PrefixLength;
        if (padded > SafeTensorsHeader.MaxLength)
            throw new SafeTensorsException(
                $"{file.Source}: header would be {padded} bytes, over the {SafeTensorsHeader.MaxLength}-byte limit that readers accept");
        var header = new byte[padded];
        json.WrittenSpan.CopyTo(header);
        header.AsSpan(json.WrittenCount).Fill((byte)' ');
        return header;
    }

    /// <summary>Tensor indices in the order their bytes are laid out: descending element size, stable.</summary>
    private static IEnumerable<int> DataOrder(IReadOnlyList<SafeTensor> tensors) =>
        Enumerable.Range(0, tensors.Count).OrderByDescending(i => tensors[i].DType.ElementSize());

    /// <summary>Where each tensor's bytes begin in the data area, by tensor index.</summary>
    private static long[] Begins(IReadOnlyList<SafeTensor> tensors)
    {
        var begins = new long[tensors.Count];
        long offset = 0;
        foreach (int index in DataOrder(tensors))
        {
            begins[index] = offset;
            offset += tensors[index].Data.Length;
        }
        return begins;
    }
}
