using System.Text.Json.Nodes;
using Elman.IO;
using Elman.Training;

namespace Elman.Tests.Reliability;

/// <summary>
/// Every field of a training state is range-checked on load: a checkpoint edited (and re-sealed, so the
/// digest cannot be what refuses it) to hold an impossible value is refused with one line naming the
/// field, never an IndexOutOfRange, ArgumentOutOfRange, Json or NullReference exception.
/// </summary>
public class TrainingStateChecksTests
{
    // Stopped in epoch 2 (5 steps an epoch): one report, a best epoch, a drawn order.
    static readonly byte[] Checkpoint = SmallRun.CheckpointAfter(7);

    static SafeTensorsFile File(byte[] bytes) => SafeTensorsFile.Parse(bytes, "ckpt.safetensors");

    static byte[] WithState(Action<JsonObject> edit)
    {
        var file = File(Checkpoint);
        var json = JsonNode.Parse(file.Metadata[TrainingState.MetadataKey])!.AsObject();
        edit(json);
        var metadata = file.Metadata.ToDictionary();
        metadata[TrainingState.MetadataKey] = json.ToJsonString();
        return ContentDigest.Seal(new SafeTensorsFile(file.Tensors, metadata)).ToBytes();
    }

    static byte[] WithTensor(string name, SafeTensor replacement)
    {
        var file = File(Checkpoint);
        return ContentDigest.Seal(new SafeTensorsFile(file.Tensors.Select(t => t.Name == name ? replacement : t), file.Metadata)).ToBytes();
    }

    static void AssertRefused(byte[] bytes, string mention)
    {
        var e = Assert.ThrowsAny<ElmanException>(() => SmallRun.Resume(bytes));
        Assert.Contains(mention, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain("Exception", e.Message);
    }

    public static TheoryData<string, string, string> FieldEdits => new()
    {
        { "epoch", "-1", "'epoch'" },
        { "epoch", "0", "'epoch'" },
        { "epoch", "9", "'reports'" },
        { "epoch", "\"2\"", "'epoch'" },
        { "epoch", "2.5", "'epoch'" },
        { "epoch", "99999999999", "'epoch'" },
        { "step", "99999", "'step'" },
        { "step", "-1", "'step'" },
        { "step", "0", "'tally.steps_taken'" },
        { "finished", "true", "'finished'" },
        { "finished", "1", "'finished'" },
        { "optimizer_steps", "-5", "'optimizer_steps'" },
        { "optimizer_steps", "0", "'optimizer_steps'" },
        { "shuffle_random", "[\"1\",\"2\"]", "'shuffle_random'" },
        { "shuffle_random", "[\"0\",\"0\",\"0\",\"0\"]", "'shuffle_random'" },
        { "dropout_random", "[\"1\",\"2\",\"3\",\"-4\"]", "'dropout_random'" },
        { "dropout_random", "null", "'dropout_random'" },
        { "best_epoch", "2", "'best_epoch'" },
        { "best_epoch", "0", "'best_epoch'" },
        { "best_loss", "\"NaN\"", "'best_loss'" },
        { "best_loss", "3", "'best_loss'" },
        { "elapsed_seconds", "\"1e300\"", "'elapsed_seconds'" },
        { "elapsed_seconds", "\"-1\"", "'elapsed_seconds'" },
        { "reports", "[]", "'reports'" },
        { "reports", "[1]", "'reports'" },
        { "reports", "{}", "'reports'" },
        { "tally", "[]", "'tally'" },
        { "best_value", "\"0.5\"", "'best_value'" },
        { "best_value", "\"x\"", "'best_value'" },
        { "select_by", "\"f1\"", "'select_by'" },
        { "select_by", "\"accuracy\"", "'best_value'" },
        { "class_weights", "[\"1\"]", "'class_weights'" },
        { "class_weights", "[\"-1\",\"1\",\"1\",\"1\"]", "'class_weights'" },
        { "class_weights", "[\"1\",\"Infinity\",\"1\",\"1\"]", "'class_weights'" },
        { "class_weights", "{}", "'class_weights'" },
    };

    [Theory]
    [MemberData(nameof(FieldEdits))]
    public void An_impossible_field_is_refused_naming_it(string field, string json, string mention)
        => AssertRefused(WithState(o => o[field] = JsonNode.Parse(json)), mention);

    [Theory]
    [InlineData("seen", "-1", "'seen'")]
    [InlineData("seen", "1000", "'tally.seen'")]
    [InlineData("correct", "1000", "'tally.correct'")]
    [InlineData("skipped", "-3", "'skipped'")]
    [InlineData("steps_taken", "7", "'tally.steps_taken'")]
    [InlineData("loss_sum", "\"NaN\"", "'tally.loss_sum'")]
    [InlineData("norm_sum", "\"-Infinity\"", "'tally.norm_sum'")]
    [InlineData("loss_sum", "\"x\"", "'loss_sum'")]
    public void An_impossible_tally_is_refused_naming_it(string field, string json, string mention)
        => AssertRefused(WithState(o => o["tally"]![field] = JsonNode.Parse(json)), mention);

    [Fact]
    public void A_missing_field_and_malformed_json_are_refused_naming_them()
    {
        AssertRefused(WithState(o => o.Remove("step")), "no field 'step'");
        AssertRefused(WithState(o => o["reports"]![0]!.AsObject().Remove("is_best")), "'is_best'");
        var file = File(Checkpoint);
        var metadata = file.Metadata.ToDictionary();
        metadata[TrainingState.MetadataKey] = "{not json";
        AssertRefused(ContentDigest.Seal(new SafeTensorsFile(file.Tensors, metadata)).ToBytes(), "training state is not valid JSON");
        metadata[TrainingState.MetadataKey] = "[1]";
        AssertRefused(ContentDigest.Seal(new SafeTensorsFile(file.Tensors, metadata)).ToBytes(), "not a JSON object");
        metadata[TrainingState.MetadataKey] = "{\"epoch\":2,\"epoch\":3}";
        AssertRefused(ContentDigest.Seal(new SafeTensorsFile(file.Tensors, metadata)).ToBytes(), "training state is not valid JSON");
    }

    [Theory]
    [InlineData(999999)]
    [InlineData(-1)]
    [InlineData(3)]   // 3 twice: not a permutation
    public void A_data_order_that_is_not_a_permutation_is_refused(int value)
    {
        var order = File(Checkpoint)["training.order"].ToInt64Array().Select(v => (int)v).ToArray();
        order[0] = value;
        if (value == 3) order[1] = 3;
        AssertRefused(WithTensor("training.order", SafeTensor.FromInt32("training.order", order, order.Length)), "order");
    }

    [Fact]
    public void A_data_order_of_the_wrong_length_is_refused()
    {
        AssertRefused(WithTensor("training.order", SafeTensor.FromInt32("training.order", [0, 1, 2], 3)), "'tally.seen'");
        int[] longer = [.. Enumerable.Range(0, SmallRun.Train.Count + 1)];
        AssertRefused(WithTensor("training.order", SafeTensor.FromInt32("training.order", longer, longer.Length)), "the data changed");
    }

    [Theory]
    [InlineData("training.best_weights", float.NaN, "holds NaN")]
    [InlineData("training.optimizer.exp_avg", float.PositiveInfinity, "holds +∞")]
    [InlineData("rnn.weight_hh_l0", float.NaN, "NaN")]
    public void Non_finite_state_is_refused_before_training(string tensor, float value, string mention)
    {
        var original = File(Checkpoint)[tensor];
        var values = original.ToSingleArray();
        values[values.Length / 2] = value;
        AssertRefused(WithTensor(tensor, SafeTensor.FromSingle(tensor, values, [.. original.Shape])), mention);
    }

    [Fact]
    public void Kept_weights_of_the_wrong_length_are_refused()
        => AssertRefused(WithTensor("training.best_weights", SafeTensor.FromSingle("training.best_weights", [1f, 2f], 2)), "training.best_weights");

    [Fact]
    public void A_flipped_data_byte_is_caught_by_the_digest()
    {
        var bytes = (byte[])Checkpoint.Clone();
        bytes[^5] ^= 1;
        AssertRefused(bytes, ContentDigest.Key);
    }

    [Fact]
    public void A_checkpoint_without_a_digest_is_refused_but_a_model_without_one_loads()
    {
        var file = File(Checkpoint);
        var bare = new SafeTensorsFile(file.Tensors, file.Metadata.Where(p => p.Key != ContentDigest.Key).ToDictionary()).ToBytes();
        AssertRefused(bare, "no content_sha256 digest");
        Assert.NotNull(Elman.Model.Checkpoint.FromFile<float>(SafeTensorsFile.Parse(bare, "model.safetensors")).Model);
    }

    [Fact]
    public void The_unchanged_checkpoint_resumes_and_a_state_is_written_sealed()
    {
        Assert.True(ContentDigest.IsSealed(File(Checkpoint)));
        Assert.NotEmpty(SmallRun.Resume(Checkpoint));
    }

    [Fact]
    public void A_checkpoint_from_before_selection_metrics_and_macro_f1_resumes_selecting_by_loss()
    {
        var old = WithState(o =>
        {
            o.Remove("select_by");
            o.Remove("best_value");
            foreach (var report in o["reports"]!.AsArray()) report!.AsObject().Remove("validation_macro_f1");
        });
        var state = TrainingState.FromFile(File(old));
        Assert.Equal(ValidationMetric.Loss, state.SelectBy);
        Assert.Equal(state.BestLoss, state.BestValue);
        Assert.True(double.IsNaN(state.Reports[0].Validation!.MacroF1));
        Assert.Equal(SmallRun.Resume(Checkpoint), SmallRun.Resume(old));
    }

    [Fact]
    public void A_state_that_does_not_fit_the_run_is_refused_by_check_fits()
    {
        var state = TrainingState.FromFile(File(Checkpoint));
        Assert.Contains("beyond an epoch", Assert.Throws<ElmanException>(() => state.CheckFits(SmallRun.Options with { BatchSize = 40 }, SmallRun.Train.Count)).Message);
        Assert.Contains("the data changed", Assert.Throws<ElmanException>(() => state.CheckFits(SmallRun.Options, 39)).Message);
        Assert.Contains("epoch 2 of a run of 1", Assert.Throws<ElmanException>(() => state.CheckFits(SmallRun.Options with { Epochs = 1 }, SmallRun.Train.Count)).Message);
        state.CheckFits(SmallRun.Options, SmallRun.Train.Count);
    }
}
