using System.IO.Compression;
using Elman.Data;
using Elman.Data.Sequences;
using Elman.IO;

namespace Elman.Tests.Data.Sequences;

/// <summary>Inputs to predict on: every format that can omit labels reads without them when they are not required.</summary>
public class UnlabelledInputTests
{
    static readonly NumericReadOptions Unlabelled = new() { RequireLabels = false };

    public static TheoryData<string, string> Files() => new()
    {
        { "in.npz", "" },
        { "in.x.npy", "" },
        { "in.csv", "sequence,v\na,1\na,2\nb,3\n" },
        { "in.ts", "@problemName P\n@classLabel false\n@data\n1,2\n3,?\n" },
        { "in.safetensors", "" },
    };

    static string Write(TempFolder folder, string name, string text)
    {
        byte[] x = NpyBytes.File("<f4", [2, 2], NpyBytes.Encode([1, 2, 3, double.NaN], "<f4"));
        switch (name)
        {
            case "in.npz": return folder.Write(name, NpyBytes.Zip(CompressionLevel.Optimal, ("x.npy", x)));
            case "in.x.npy": return folder.Write(name, x);
            case "in.safetensors":
                string path = Path.Combine(folder.Path, name);
                BatchFile.Write(path, SequenceBatch<float>.Dense(new float[] { 1, 2, 3, 0 }, 2, 2, 1, new[] { 2, 1 }));
                return path;
            default: return folder.Write(name, text);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Reads_x_and_lengths_without_labels(string name, string text)
    {
        using var folder = new TempFolder();
        var data = NumericSequenceFile.Read(Write(folder, name, text), Unlabelled);

        Assert.False(data.HasLabels);
        Assert.Empty(data.ClassNames);
        Assert.Equal([1f, 2, 3, 0], data.X);
        Assert.Equal([2, 1], data.Lengths);
        var batch = data.ToBatch();
        Assert.False(batch.HasLabels);
        Assert.Equal(2, batch.BatchSize);
        var e = Assert.Throws<ElmanException>(() => data.ToDataset());
        Assert.EndsWith("the sequences have no class labels ('y'), which training and evaluation need", e.Message);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Without_labels_the_same_files_are_refused_when_labels_are_required(string name, string text)
    {
        using var folder = new TempFolder();
        string path = Write(folder, name, text);
        Assert.ThrowsAny<ElmanException>(() => NumericSequenceFile.Read(path));
    }

    [Fact]
    public void Labels_present_are_still_read_when_not_required()
    {
        var data = TsFileReader.Parse("@classLabel true a b\n@data\n1:b\n", "t.ts", requireLabels: false);
        Assert.Equal(["a", "b"], data.ClassNames);
        Assert.Equal([1], data.Labels);
        Assert.Equal([1], data.ToBatch().Labels.ToArray());
    }
}
