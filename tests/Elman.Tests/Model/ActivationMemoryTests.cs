using Elman.Model;
using Elman.Tests.Support;
using Elman.Layers;

namespace Elman.Tests.Model;

/// <summary>
/// What a training step keeps in memory: the budget is 1.2 × L·B·T·H floats of activations; a
/// unidirectional model keeps exactly its input and each layer's h_t, and its backward scratch is one
/// [T, B, H] buffer of dz per model (two for stacked layers).
/// </summary>
public class ActivationMemoryTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Training_keeps_the_input_and_each_layers_states_and_nothing_else(int layers)
    {
        const int d = 5, h = 16, b = 4, t = 9;
        var c = new ModelCase(0, d, h, layers, b, t, 3, Nonlinearity.Tanh, false, 1);
        var model = RandomModels.Model<float>(c);
        model.ComputeGradients(RandomModels.Batch<float>(c, 2));

        var memory = model.ActivationMemory;
        Assert.Equal((long)b * t * (d + layers * h), memory.Retained);
        Assert.Equal((long)b * t * h * (layers > 1 ? 2 : 1), memory.Scratch);
        Assert.True(memory.Retained - b * t * d <= 1.2 * layers * b * t * h);
    }

    [Fact]
    public void Inference_allocates_no_backward_scratch()
    {
        var c = new ModelCase(0, 3, 8, 2, 5, 7, 2, Nonlinearity.Tanh, true, 1);
        var model = RandomModels.Model<float>(c);
        model.Forward(RandomModels.Batch<float>(c, 2));
        Assert.Equal(0, model.ActivationMemory.Scratch);
    }

    [Fact]
    public void Token_models_and_input_gradients_add_the_input_gradient_buffer()
    {
        var tokens = new ModelCase(20, 6, 8, 1, 3, 5, 2, Nonlinearity.Tanh, true, 1);
        var model = RandomModels.Model<float>(tokens);
        model.ComputeGradients(RandomModels.Batch<float>(tokens, 2));
        Assert.Equal(3L * 5 * (8 + 6), model.ActivationMemory.Scratch);

        var dense = tokens with { Vocab = 0 };
        var denseModel = RandomModels.Model<float>(dense);
        var batch = RandomModels.Batch<float>(dense, 2);
        denseModel.ComputeGradients(batch);
        long without = denseModel.ActivationMemory.Scratch;
        denseModel.ComputeGradients(batch, inputGradient: true);
        Assert.Equal(without + 2L * 3 * 5 * 6, denseModel.ActivationMemory.Scratch);
    }

    [Theory]
    [InlineData(0, 1, false, 0.0)]
    [InlineData(0, 3, false, 0.0)]
    [InlineData(30, 2, false, 0.0)]
    [InlineData(0, 2, true, 0.0)]
    [InlineData(30, 3, true, 0.25)]
    public void The_up_front_estimate_is_what_training_allocates(int vocab, int layers, bool bidirectional, double dropout)
    {
        const int b = 6, t = 11;
        var c = new ModelCase(vocab, 5, 12, layers, b, t, 3, Nonlinearity.Tanh, false, 1, bidirectional, dropout);
        var model = RandomModels.Model<float>(c);
        model.Training = true;
        model.ComputeGradients(RandomModels.Batch<float>(c, 2));

        var memory = model.ActivationMemory;
        long parameterBytes = 4 * 3 * MemoryEstimate.ParameterCount(model.Config);
        Assert.Equal(4 * (memory.Retained + memory.Scratch), MemoryEstimate.TrainingBytes(model.Config, b, t, 0) - parameterBytes);
    }
}
