using Elman.IO;
using Elman.Model;
using Elman.Tests.IO;

namespace Elman.Tests.Model;

/// <summary>Nothing non-finite is ever written as a model; class names that contradict the model are refused on load.</summary>
public class CheckpointSafetyTests
{
    static readonly RnnConfig Config = new(0, 3, 4, 1, 3);

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "+∞")]
    [InlineData(float.NegativeInfinity, "-∞")]
    public void A_non_finite_model_is_refused_naming_the_tensor_and_index_and_nothing_is_written(float value, string shown)
    {
        using var folder = new TempDirectory();
        string path = folder.File("m.safetensors");
        File.WriteAllBytes(path, [7]);
        var model = RnnClassifier<float>.Create(Config, 1);
        var info = model.Layout.Tensors.First(t => t.Name == "fc.weight");
        model.Weights[info][5] = value;

        var e = Assert.Throws<ElmanException>(() => Checkpoint.Save(model, path));

        Assert.Equal($"{path}: tensor 'fc.weight' holds {shown} at index 5; a model with non-finite weights is never written", e.Message);
        Assert.Equal([7], File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Theory]
    [InlineData("[\"a\",\"b\"]", "has 2 names but the model has 3 classes")]
    [InlineData("[\"a\",\"b\",\"c\",\"d\"]", "has 4 names but the model has 3 classes")]
    [InlineData("[\"a\",\"a\",\"c\"]", "names a class twice")]
    [InlineData("{\"a\":1}", "not a JSON array of strings")]
    [InlineData("[\"a\",null,\"c\"]", "not a JSON array of strings")]
    public void Class_names_that_contradict_the_model_are_refused_at_load(string names, string problem)
    {
        var model = RnnClassifier<float>.Create(Config, 1);
        var file = Checkpoint.ToFile(model, new Dictionary<string, string> { [MetadataKeys.ClassNames] = names });
        var e = Assert.Throws<ElmanException>(() => Checkpoint.FromFile<float>(SafeTensorsFile.Parse(file.ToBytes(), "m.safetensors")));
        Assert.StartsWith("m.safetensors: __metadata__ \"class_names\" ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Matching_class_names_load()
    {
        var file = Checkpoint.ToFile(RnnClassifier<float>.Create(Config, 1), new Dictionary<string, string> { [MetadataKeys.ClassNames] = "[\"a\",\"b\",\"c\"]" });
        Assert.NotNull(Checkpoint.FromFile<float>(SafeTensorsFile.Parse(file.ToBytes(), "m.safetensors")).Model);
    }
}
