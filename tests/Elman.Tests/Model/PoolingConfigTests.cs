using Elman.IO;
using Elman.Layers;
using Elman.Model;
using Elman.Runs;
using Elman.Tests.IO;
using Elman.Tests.Support;

namespace Elman.Tests.Model;

/// <summary>
/// The config field "pooling": written only for max and mean, so a last-state model's JSON is what it was;
/// absent reads as last; an unknown value is refused in one line naming the field; a saved pooled model
/// loads with its pooling and gives the same logits.
/// </summary>
public class PoolingConfigTests
{
    [Fact]
    public void The_last_state_writes_no_pooling_field()
    {
        Assert.Equal("{\"vocab_size\":0,\"input_size\":3,\"hidden_size\":4,\"num_layers\":1,\"num_classes\":2,\"nonlinearity\":\"tanh\"}",
            new RnnConfig(0, 3, 4, 1, 2).ToJson());
    }

    [Theory]
    [InlineData(Pooling.Max, "max")]
    [InlineData(Pooling.Mean, "mean")]
    public void Max_and_mean_are_written_and_read_back(Pooling pooling, string name)
    {
        var config = new RnnConfig(10, 3, 4, 2, 2, Bidirectional: true, Pooling: pooling);
        Assert.EndsWith($",\"bidirectional\":true,\"pooling\":\"{name}\"}}", config.ToJson());
        Assert.Equal(config, RnnConfig.FromJson(config.ToJson(), "m.safetensors"));
    }

    [Fact]
    public void A_config_without_the_field_and_one_that_says_last_read_as_last()
    {
        Assert.Equal(Pooling.Last, RnnConfig.FromJson("{\"input_size\":3,\"hidden_size\":4,\"num_classes\":2}", "old.safetensors").Pooling);
        Assert.Equal(Pooling.Last, RnnConfig.FromJson("{\"input_size\":3,\"hidden_size\":4,\"num_classes\":2,\"pooling\":\"last\"}", "m").Pooling);
    }

    [Theory]
    [InlineData("\"attention\"", "config field 'pooling' is \"attention\", expected \"last\", \"max\" or \"mean\"")]
    [InlineData("\"Max\"", "config field 'pooling' is \"Max\", expected \"last\", \"max\" or \"mean\"")]
    [InlineData("1", "config field 'pooling' is 1, expected \"last\", \"max\" or \"mean\"")]
    public void An_unknown_pooling_is_refused_in_one_line_naming_the_field(string value, string expected)
    {
        var e = Assert.Throws<ElmanException>(() => RnnConfig.FromJson($"{{\"input_size\":3,\"hidden_size\":4,\"num_classes\":2,\"pooling\":{value}}}", "m.safetensors"));
        Assert.Equal($"m.safetensors: {expected}", e.Message);
    }

    [Theory]
    [InlineData(Pooling.Max)]
    [InlineData(Pooling.Mean)]
    public void A_saved_pooled_model_loads_with_its_pooling_and_gives_the_same_logits(Pooling pooling)
    {
        using var folder = new TempDirectory();
        string path = folder.File("m.safetensors");
        var c = new ModelCase(9, 3, 4, 2, 4, 6, 3, Nonlinearity.Tanh, true, 61, Bidirectional: true, Pooling: pooling);
        var model = RandomModels.Model<float>(c);
        Checkpoint.Save(model, path);
        var loaded = Checkpoint.Load<float>(path).Model;
        Assert.Equal(pooling, loaded.Config.Pooling);
        var batch = RandomModels.Batch<float>(c, 5);
        model.Forward(batch);
        loaded.Forward(batch);
        Assert.Equal(model.Logits.ToArray(), loaded.Logits.ToArray());
        var last = new RnnClassifier<float>(c.Config with { Pooling = Pooling.Last });
        last.Weights.CopyFrom(model.Weights);
        last.Forward(batch);
        Assert.NotEqual(model.Logits.ToArray(), last.Logits.ToArray());   // the head really reads something else
    }

    [Fact]
    public void A_run_stores_its_pooling_only_when_not_last_and_passes_it_to_the_model_config()
    {
        var run = RunDefaults.For(new NumericFileData("x.npz"));
        Assert.DoesNotContain("pooling", run.ToJson());   // runs stored before pooling existed read back the same
        var pooled = run with { Model = run.Model with { Pooling = Pooling.Mean } };
        Assert.Contains("\"pooling\":\"mean\"", pooled.ToJson());
        Assert.Equal(Pooling.Mean, TrainingRun.FromJson(pooled.ToJson(), "test").Model.Pooling);
        Assert.Equal(Pooling.Mean, pooled.Model.ToConfig(0, 3, 2, OutputHead.Classification).Pooling);
    }

    [Fact]
    public void Predictor_and_a_merged_ensemble_keep_the_pooling()
    {
        var c = new ModelCase(0, 3, 4, 1, 4, 6, 3, Nonlinearity.Tanh, true, 62, Pooling: Pooling.Max);
        var members = new[] { RandomModels.Model<double>(c), RandomModels.Model<double>(c with { Seed = 63 }) };
        Assert.Equal(Pooling.Max, Ensemble.Merge(members).Config.Pooling);
        var batch = RandomModels.Batch<double>(c, 9);
        members[0].Forward(batch);
        Assert.Equal(members[0].Probabilities.ToArray(), new Predictor<double>(members[0]).Predict(batch));
    }
}
