using System.Buffers;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;

namespace Elman.IO;

/// <summary>One tensor's header entry after validation: where its bytes lie in the data area.</summary>
internal sealed record SafeTensorsEntry(string Name, SafeTensorDType DType, long[] Shape, long ElementCount, long Begin, long End);

/// <summary>
/// The JSON header of a safetensors file, parsed and checked against the size of the data area that
/// follows it. Every check fails with one <see cref="SafeTensorsException"/> line that starts with the
/// source and names the tensor or field.
/// </summary>
internal sealed class SafeTensorsHeader
{
    /// <summary>The header key that holds free-form string metadata instead of a tensor.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Bytes of the little-endian u64 header length that starts every file.</summary>
    public const int PrefixLength = 8;

    /// <summary>The largest header the reference implementation accepts; we neither read nor write more.</summary>
    public const long MaxLength = 100_000_000;

    /// <summary>The metadata in header order; empty if the header has none.</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>The tensor entries in header order.</summary>
    public List<SafeTensorsEntry> Entries { get; } = [];

    private readonly string _source;
    private readonly long _dataLength;

    private SafeTensorsHeader(string source, long dataLength) => (_source, _dataLength) = (source, dataLength);

    /// <summary>Parses <paramref name="header"/> (the N header bytes, padding included) and checks every
    /// entry against a data area of <paramref name="dataLength"/> bytes.</summary>
    public static SafeTensorsHeader Parse(byte[] header, long dataLength, string source)
    {
        var result = new SafeTensorsHeader(source, dataLength);
        result.CheckUtf8(header);
        JsonDocument document;
        try { document = JsonDocument.Parse(header); }
        catch (JsonException e) { throw result.Fail($"header is not valid JSON: {MessageText.OneLine(e.Message, 300)}", e); }
        using (document)
        {
            result.ReadRoot(document.RootElement);
        }
        result.CheckLayout();
        return result;
    }

    // JsonDocument lets invalid UTF-8 inside strings through, so check the whole header first.
    private void CheckUtf8(ReadOnlySpan<byte> header)
    {
        if (Utf8.IsValid(header))
            return;
        for (int index = 0; index < header.Length;)
        {
            if (OperationStatus.Done != Rune.DecodeFromUtf8(header[index..], out _, out int consumed))
                throw Fail($"header is not valid UTF-8 (bad byte 0x{header[index]:X2} at header offset {index})");
            index += consumed;
        }
    }

    private void ReadRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw Fail($"header is a JSON {Kind(root)}, expected an object of tensor entries");
        foreach ((string name, JsonElement value) in Properties(root, "header"))
        {
            if (name == MetadataKey)
                ReadMetadata(value);
            else
                Entries.Add(ReadEntry(name, value));
        }
    }

    private void ReadMetadata(JsonElement metadata)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
            throw Fail($"{MetadataKey} is a JSON {Kind(metadata)}, expected an object of strings");
        foreach ((string key, JsonElement value) in Properties(metadata, MetadataKey))
        {
            if (value.ValueKind != JsonValueKind.String)
                throw Fail($"{MetadataKey} {MessageText.Quote(key)} is a JSON {Kind(value)}, expected a string");
            Metadata.Add(key, Text(value, $"{MetadataKey} {MessageText.Quote(key)}"));
        }
    }

    private SafeTensorsEntry ReadEntry(string name, JsonElement entry)
    {
        string where = $"tensor {MessageText.Quote(name)}";
        if (entry.ValueKind != JsonValueKind.Object)
            throw Fail($"{where}: entry is a JSON {Kind(entry)}, expected an object with dtype, shape and data_offsets");
        JsonElement? dtypeField = null, shapeField = null, offsetsField = null;
        // Other keys are ignored, as the reference reader does, so that newer writers can add fields.
        foreach ((string key, JsonElement value) in Properties(entry, where))
        {
            if (key == "dtype") dtypeField = value;
            else if (key == "shape") shapeField = value;
            else if (key == "data_offsets") offsetsField = value;
        }

        SafeTensorDType dtype = ReadDType(where, dtypeField ?? throw Fail($"{where}: missing dtype"));
        long[] shape = ReadIntegers(where, "shape", shapeField ?? throw Fail($"{where}: missing shape"), "an array of non-negative integers");
        long[] offsets = ReadIntegers(where, "data_offsets", offsetsField ?? throw Fail($"{where}: missing data_offsets"), "[begin, end], two non-negative integers");
        if (offsets.Length != 2)
            throw Fail($"{where}: data_offsets has {offsets.Length} numbers, expected [begin, end], two non-negative integers");

        long elementCount = 1, byteCount;
        try
        {
            foreach (long dim in shape)
                elementCount = checked(elementCount * dim);
            byteCount = checked(elementCount * dtype.ElementSize());
        }
        catch (OverflowException)
        {
            throw Fail($"{where}: {dtype} {SafeTensor.FormatShape(shape)} needs more than {long.MaxValue} bytes");
        }

        (long begin, long end) = (offsets[0], offsets[1]);
        string span = $"data_offsets [{begin}, {end}]";
        if (end < begin)
            throw Fail($"{where}: {span} end before they begin");
        if (end > _dataLength)
            throw Fail($"{where}: {span} run past the end of the {_dataLength}-byte data area");
        if (end - begin != byteCount)
            throw Fail($"{where}: {span} hold {end - begin} bytes but {dtype} {SafeTensor.FormatShape(shape)} needs {byteCount}");
        return new SafeTensorsEntry(name, dtype, shape, elementCount, begin, end);
    }

    private SafeTensorDType ReadDType(string where, JsonElement field)
    {
        if (field.ValueKind != JsonValueKind.String)
            throw Fail($"{where}: dtype is a JSON {Kind(field)}, expected a string such as \"F32\"");
        string text = Text(field, $"{where}: dtype");
        if (!SafeTensorDTypeExtensions.TryParse(text, out SafeTensorDType dtype))
            throw Fail($"{where}: unknown dtype {MessageText.Quote(text)}, expected one of {SafeTensorDTypeExtensions.SupportedNames}");
        return dtype;
    }

    private long[] ReadIntegers(string where, string field, JsonElement array, string expected)
    {
        if (array.ValueKind != JsonValueKind.Array)
            throw Fail($"{where}: {field} is a JSON {Kind(array)}, expected {expected}");
        var values = new long[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long value) || value < 0)
                throw Fail($"{where}: {field} item {i} is {MessageText.OneLine(item.GetRawText(), 120)}, expected a non-negative integer");
            values[i++] = value;
        }
        return values;
    }

    // Like the reference reader: the tensors, sorted by offset, must tile the data area exactly, so
    // no byte is shared by two tensors and none belongs to no tensor.
    private void CheckLayout()
    {
        long cursor = 0;
        SafeTensorsEntry? previous = null;
        foreach (SafeTensorsEntry entry in Entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin < cursor)
                throw Fail($"tensor {MessageText.Quote(entry.Name)}: data_offsets [{entry.Begin}, {entry.End}] overlap tensor {MessageText.Quote(previous!.Name)} at [{previous.Begin}, {previous.End}]");
            if (entry.Begin > cursor)
                throw Fail($"tensor {MessageText.Quote(entry.Name)}: data_offsets [{entry.Begin}, {entry.End}] leave data area bytes [{cursor}, {entry.Begin}) belonging to no tensor");
            cursor = entry.End;
            previous = entry;
        }
        if (cursor != _dataLength)
            throw Fail($"data area has {_dataLength} bytes but the tensors cover only [0, {cursor}); the rest belongs to no tensor");
    }

    // Property names and strings may carry escapes for lone surrogates ("\ud800"), which JsonDocument
    // accepts but cannot turn into a string; also rejects keys that appear twice, which it tolerates.
    private IEnumerable<(string Name, JsonElement Value)> Properties(JsonElement obj, string where)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in obj.EnumerateObject())
        {
            string name;
            try { name = property.Name; }
            catch (InvalidOperationException e) { throw Fail($"{where}: a key is not valid Unicode (lone surrogate escape)", e); }
            if (!seen.Add(name))
                throw Fail($"{where}: key {MessageText.Quote(name)} appears twice");
            yield return (name, property.Value);
        }
    }

    private string Text(JsonElement value, string where)
    {
        try { return value.GetString()!; }
        catch (InvalidOperationException e) { throw Fail($"{where}: string is not valid Unicode (lone surrogate escape)", e); }
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        var kind => kind.ToString().ToLowerInvariant(),
    };

    private SafeTensorsException Fail(string message) => new($"{_source}: {message}");

    private SafeTensorsException Fail(string message, Exception inner) => new($"{_source}: {message}", inner);
}
