using Elman.Model;
using Elman.Tests.Support;
using Elman.Layers;

namespace Elman.Tests.Model;

public class DropoutAndDirectionTests
{
    static readonly ModelCase Dropped = new(0, 3, 6, 2, 4, 6, 3, Nonlinearity.Tanh, true, 21, Dropout: 0.5);

    [Fact]
    public void Dropout_is_inactive_unless_training()
    {
        var model = RandomModels.Model<double>(Dropped);
        var plain = RandomModels.Model<double>(Dropped with { Dropout = 0 });
        var batch = RandomModels.Batch<double>(Dropped, 5);
        model.Forward(batch);
        plain.Forward(batch);
        Assert.Equal(plain.Loss, model.Loss);

        model.Training = true;
        model.Forward(batch);
        Assert.NotEqual(plain.Loss, model.Loss);
    }

    [Fact]
    public void Dropout_masks_are_redrawn_each_training_pass_unless_frozen_and_are_seeded()
    {
        var batch = RandomModels.Batch<double>(Dropped, 6);
        double[] Losses(bool freeze)
        {
            var model = RandomModels.Model<double>(Dropped);
            model.Training = true;
            var losses = new double[3];
            for (int i = 0; i < 3; i++)
            {
                model.Forward(batch);
                losses[i] = model.Loss;
                model.FreezeDropoutMasks = freeze;
            }
            return losses;
        }
        var free = Losses(false);
        Assert.NotEqual(free[0], free[1]);
        Assert.Equal(free, Losses(false));
        var frozen = Losses(true);
        Assert.Equal(frozen[0], frozen[1]);
        Assert.Equal(frozen[1], frozen[2]);
    }

    [Fact]
    public void Bidirectional_layout_uses_pytorch_names_and_shapes()
    {
        var layout = new ParameterLayout(new RnnConfig(0, 3, 4, 2, 5, Bidirectional: true));
        Assert.Equal(
            ["rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
             "rnn.weight_ih_l0_reverse", "rnn.weight_hh_l0_reverse", "rnn.bias_ih_l0_reverse", "rnn.bias_hh_l0_reverse",
             "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
             "rnn.weight_ih_l1_reverse", "rnn.weight_hh_l1_reverse", "rnn.bias_ih_l1_reverse", "rnn.bias_hh_l1_reverse",
             "fc.weight", "fc.bias"],
            layout.Tensors.Select(t => t.Name));
        Assert.Equal([4, 3], layout["rnn.weight_ih_l0_reverse"].Shape);
        Assert.Equal([4, 8], layout["rnn.weight_ih_l1"].Shape);
        Assert.Equal([5, 8], layout["fc.weight"].Shape);
    }

    [Fact]
    public void Bidirectional_single_sequence_reverse_direction_reads_the_sequence_backwards()
    {
        // A one-step-at-a-time reference: run the reverse weights as a forward RNN over the reversed valid steps.
        var c = new ModelCase(0, 2, 3, 1, 1, 5, 2, Nonlinearity.Tanh, false, 31, Bidirectional: true);
        var model = RandomModels.Model<double>(c);
        var batch = RandomModels.Batch<double>(c, 32);
        model.Forward(batch);
        var x = batch.X.Span;
        double[] h = new double[3];
        var wIh = model.Weights["rnn.weight_ih_l0_reverse"].ToArray();
        var wHh = model.Weights["rnn.weight_hh_l0_reverse"].ToArray();
        var bIh = model.Weights["rnn.bias_ih_l0_reverse"].ToArray();
        var bHh = model.Weights["rnn.bias_hh_l0_reverse"].ToArray();
        for (int t = c.Steps - 1; t >= 0; t--)
        {
            var next = new double[3];
            for (int a = 0; a < 3; a++)
            {
                double z = bIh[a] + bHh[a];
                for (int j = 0; j < 2; j++) z += wIh[a * 2 + j] * x[t * 2 + j];
                for (int j = 0; j < 3; j++) z += wHh[a * 3 + j] * h[j];
                next[a] = Math.Tanh(z);
            }
            h = next;
        }
        var state = model.HiddenStates(0, reverse: true).Slice((c.Steps - 1) * 3, 3).ToArray();
        for (int a = 0; a < 3; a++) Assert.Equal(h[a], state[a], 12);
    }

    [Fact]
    public void Bidirectional_dropout_config_round_trips_through_a_checkpoint()
    {
        var config = new RnnConfig(7, 3, 4, 2, 3, Nonlinearity.Relu, Bidirectional: true, Dropout: 0.25);
        var model = RnnClassifier<float>.Create(config, 1);
        var loaded = Checkpoint.FromFile<float>(Elman.IO.SafeTensorsFile.Parse(Checkpoint.ToFile(model).ToBytes(), "m.safetensors"));
        Assert.Equal(config, loaded.Model.Config);
        Assert.Equal(model.Weights.Values, loaded.Model.Weights.Values);
        Assert.Contains("\"bidirectional\":true", config.ToJson());
        Assert.DoesNotContain("bidirectional", new RnnConfig(0, 3, 4, 1, 2).ToJson());
    }
}
