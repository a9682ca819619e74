using System.IO.Compression;
using Elman.Data.Sequences;

namespace Elman.Tests.Data.Sequences;

public class NpzReaderTests
{
    [Theory]
    [InlineData(CompressionLevel.NoCompression)]   // numpy.savez
    [InlineData(CompressionLevel.Optimal)]         // numpy.savez_compressed
    public void Reads_x_y_and_lengths_as_savez_and_savez_compressed_write_them(CompressionLevel level)
    {
        using var folder = new TempFolder();
        var x = Enumerable.Range(0, 2 * 4 * 3).Select(i => i * 0.5).ToArray();   // [2, 4, 3]
        string path = folder.Write("d.npz", NpyBytes.Zip(level,
            ("x.npy", NpyBytes.File("<f8", [2, 4, 3], NpyBytes.Encode(x, "<f8"))),
            ("y.npy", NpyBytes.File("<U5", [2], NpyBytes.EncodeUnicode(["up", "down"], 5))),
            ("lengths.npy", NpyBytes.File("<i8", [2], NpyBytes.Encode([4, 2], "<i8")))));

        var data = NumericSequenceFile.Read(path);

        Assert.Equal((2, 4, 3), (data.Count, data.Steps, data.Features));
        Assert.Equal([4, 2], data.Lengths);
        Assert.Equal(["down", "up"], data.ClassNames);
        Assert.Equal([1, 0], data.Labels);
        var expected = x.Select(v => (float)v).ToArray();
        Array.Clear(expected, 12 + 2 * 3, 2 * 3);   // padding of sequence 1 is zeroed
        Assert.Equal(expected, data.X);
    }

    [Fact]
    public void A_compressed_fortran_array_with_uppercase_x_and_no_lengths()
    {
        using var folder = new TempFolder();
        long[] shape = [3, 2];
        double[] x = [1, 2, 3, 4, 5, 6];
        string path = folder.Write("d.npz", NpyBytes.Zip(CompressionLevel.Optimal,
            ("X.npy", NpyBytes.File(">i4", shape, NpyBytes.Encode(NpyBytes.ToFortran(x, shape), ">i4"), fortran: true)),
            ("y.npy", NpyBytes.File("|u1", [3], NpyBytes.Encode([0, 1, 0], "|u1"))),
            ("notes.npy", NpyBytes.File("|O", [1], [0]))));

        var data = NumericSequenceFile.Read(path);

        Assert.Equal(x.Select(v => (float)v), data.X);
        Assert.Equal([2, 2, 2], data.Lengths);
    }

    [Fact]
    public void Unnamed_arrays_are_x_then_y_and_a_third_is_refused()
    {
        using var folder = new TempFolder();
        byte[] x = NpyBytes.File("<f4", [2, 1], NpyBytes.Encode([1, 2], "<f4")), y = NpyBytes.File("<i8", [2], NpyBytes.Encode([5, 6], "<i8"));
        string two = folder.Write("two.npz", NpyBytes.Zip(CompressionLevel.NoCompression, ("arr_0.npy", x), ("arr_1.npy", y)));
        var data = NumericSequenceFile.Read(two);
        Assert.Equal([1f, 2], data.X);
        Assert.Equal(["5", "6"], data.ClassNames);

        string three = folder.Write("three.npz", NpyBytes.Zip(CompressionLevel.NoCompression, ("arr_0.npy", x), ("arr_1.npy", y), ("arr_2.npy", y)));
        var e = Assert.Throws<ElmanException>(() => NumericSequenceFile.Read(three));
        Assert.StartsWith($"{three}: holds unnamed arrays arr_0, arr_1, arr_2", e.Message);
    }
}
