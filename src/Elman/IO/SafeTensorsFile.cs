using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace Elman.IO;

/// <summary>
/// A safetensors file (https://github.com/huggingface/safetensors) in memory: named tensors in file
/// order plus string metadata. Reads validate everything the format promises and fail with one-line
/// <see cref="SafeTensorsException"/>s; writes are atomic and load in Python's
/// <c>safetensors.torch.load_file</c>.
/// </summary>
/// <remarks>
/// Layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (<c>{"__metadata__": {...}, "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...}</c>,
/// offsets relative to the data area), then the data area.
/// </remarks>
public sealed class SafeTensorsFile
{
    private const string InMemory = "(in memory)";

    private readonly Dictionary<string, SafeTensor> _byName = new(StringComparer.Ordinal);

    /// <summary>Free-form string metadata (the header's <c>__metadata__</c>); empty if there is none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensors in file order (for a file we write: the order given to the constructor).</summary>
    public IReadOnlyList<SafeTensor> Tensors { get; }

    /// <summary>The path the file was read from, exactly as the caller gave it, or a display name for a
    /// file built or parsed in memory; every error message starts with it.</summary>
    public string Source { get; }

    /// <summary>Bundles tensors and metadata for writing.</summary>
    /// <param name="tensors">The tensors, in the order they will be written.</param>
    /// <param name="metadata">Optional string metadata; written with keys in ordinal order.</param>
    /// <param name="source">A display name for messages about this file.</param>
    /// <exception cref="ArgumentException">Two tensors share a name, or a metadata key or value is null or
    /// contains a lone UTF-16 surrogate.</exception>
    public SafeTensorsFile(IEnumerable<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null, string source = InMemory)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(source);
        var list = new List<SafeTensor>();
        foreach (SafeTensor tensor in tensors)
        {
            ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
            if (!_byName.TryAdd(tensor.Name, tensor))
                throw new ArgumentException($"{source}: two tensors are named {MessageText.Quote(tensor.Name)}", nameof(tensors));
            list.Add(tensor);
        }

        var copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> pair in metadata ?? ReadOnlyDictionary<string, string>.Empty)
        {
            if (pair.Value is null || !WellFormedText.IsWellFormed(pair.Key) || !WellFormedText.IsWellFormed(pair.Value))
                throw new ArgumentException(
                    $"{source}: metadata {MessageText.Quote(pair.Key)} must be a non-null string without lone UTF-16 surrogates", nameof(metadata));
            copy.Add(pair.Key, pair.Value);
        }

        Tensors = list.AsReadOnly();
        Metadata = copy.AsReadOnly();
        Source = source;
    }

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="SafeTensorsException">There is no such tensor; the message lists the names there are.</exception>
    public SafeTensor this[string name] => TryGet(name, out SafeTensor? tensor)
        ? tensor
        : throw new SafeTensorsException($"{Source}: missing tensor {MessageText.Quote(name)}; the file has {DescribeNames()}");

    /// <summary>Looks up a tensor by name without throwing.</summary>
    public bool TryGet(string name, [MaybeNullWhen(false)] out SafeTensor tensor) => _byName.TryGetValue(name, out tensor);

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <remarks>Allocates nothing a header merely claims before checking it against the file's real
    /// size, and validates every header entry before reading the data area.</remarks>
    /// <exception cref="SafeTensorsException">The file is missing, unreadable or malformed; the message
    /// starts with <paramref name="path"/> as given.</exception>
    public static SafeTensorsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return SafeTensorsReader.Read(path);
    }

    /// <summary>Validates <paramref name="bytes"/> as a whole safetensors file, exactly as <see cref="Read"/> does.</summary>
    /// <param name="bytes">The complete file contents; the data area is copied.</param>
    /// <param name="source">A display name that starts every error message.</param>
    /// <exception cref="SafeTensorsException">The bytes are not a valid safetensors file.</exception>
    public static SafeTensorsFile Parse(ReadOnlySpan<byte> bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return SafeTensorsReader.Parse(bytes, source);
    }

    /// <summary>
    /// Writes the file to <paramref name="path"/> atomically (see <see cref="AtomicFile.Write"/>): a crash
    /// or error leaves either the old file or the complete new one, never a torn file.
    /// </summary>
    /// <exception cref="ElmanException">The path may not be written (see <see cref="OutputPath"/>) or the
    /// write failed; the message starts with <paramref name="path"/>.</exception>
    public void Write(string path) => AtomicFile.Write(path, WriteTo);

    /// <summary>Writes the file's bytes (prefix, header, data) to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        SafeTensorsWriter.WriteTo(this, stream);
    }

    /// <summary>The file's bytes, exactly as <see cref="Write"/> stores them.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>Source and counts, e.g. <c>model.safetensors: 4 tensors, 1 metadata entries</c>.</summary>
    public override string ToString() => $"{Source}: {Tensors.Count} tensors, {Metadata.Count} metadata entries";

    private string DescribeNames()
    {
        const int shown = 10;
        if (Tensors.Count == 0)
            return "no tensors";
        string names = string.Join(", ", Tensors.Take(shown).Select(t => MessageText.Quote(t.Name)));
        return Tensors.Count <= shown ? names : $"{names} and {Tensors.Count - shown} more";
    }
}
