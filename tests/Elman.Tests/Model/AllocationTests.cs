using Elman.Model;
using Elman.Tests.Support;
using Elman.Training;
using Elman.Layers;

namespace Elman.Tests.Model;

/// <summary>After warm-up a training step (forward, BPTT, clipping, optimiser) allocates nothing on the managed heap.</summary>
public class AllocationTests
{
    [Theory]
    [InlineData(0, false, 0.0)]
    [InlineData(30, false, 0.0)]
    [InlineData(0, true, 0.0)]
    [InlineData(0, false, 0.3)]
    public void A_training_step_allocates_nothing_after_warm_up(int vocab, bool bidirectional, double dropout)
    {
        var c = new ModelCase(vocab, 8, 32, 2, 16, 20, 3, Nonlinearity.Tanh, true, 4, bidirectional, dropout);
        var model = RandomModels.Model<float>(c);
        model.Training = true;
        var batch = RandomModels.Batch<float>(c, 5);
        var adam = new Adam<float>(model.Layout.TotalLength);
        void Step()
        {
            model.ComputeGradients(batch);
            GradientClipper.Clip<float>(model.Gradients.Values, ClipMode.Norm, 1.0);
            adam.Step(model.Weights.Values, model.Gradients.Values);
        }
        for (int i = 0; i < 3; i++) Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
