using Elman.Model;
using Elman.Tests.Support;

namespace Elman.Tests.Model;

public class MemoryEstimateTests
{
    [Theory]
    [MemberData(nameof(RandomModels.SmallCases), MemberType = typeof(RandomModels))]
    public void Parameter_count_equals_the_layout_total(ModelCase c)
        => Assert.Equal(new ParameterLayout(c.Config).TotalLength, MemoryEstimate.ParameterCount(c.Config));

    [Fact]
    public void A_huge_model_is_refused_with_the_estimate()
    {
        var config = new RnnConfig(0, 6, 200_000, 1, 4);
        var e = Assert.Throws<ElmanException>(() => MemoryEstimate.EnsureFits(config, 32, 30, 2, availableBytes: 24L << 30));
        Assert.Contains("40,002,400,004 parameters", e.Message);   // H² + H·D + 2H + C·H + C with H = 200,000, D = 6, C = 4
        Assert.Contains("GiB", e.Message);
        Assert.Contains("reduce the hidden size", e.Message);
        Assert.Throws<ElmanException>(() => new RnnClassifier<float>(config));
    }

    [Fact]
    public void A_small_model_fits()
        => MemoryEstimate.EnsureFits(new RnnConfig(0, 6, 64, 1, 4), 32, 30, 2, availableBytes: 1L << 30);

    [Fact]
    public void The_estimate_covers_what_training_actually_allocates()
    {
        var config = new RnnConfig(0, 8, 256, 2, 4);
        long estimate = MemoryEstimate.TrainingBytes(config, 64, 100, 2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var model = RnnClassifier<float>.Create(config, 1);
        var batch = Elman.Data.SequenceBatch<float>.Dense(new float[64 * 100 * 8], 64, 100, 8, Enumerable.Repeat(100, 64).ToArray(), new int[64]);
        model.ComputeGradients(batch);
        var adam = new Elman.Training.Adam<float>(model.Layout.TotalLength);
        long used = GC.GetAllocatedBytesForCurrentThread() - before + 4L * model.Layout.TotalLength;   // + best-epoch copy
        Assert.True(used <= estimate * 1.2 && used >= estimate * 0.5, $"allocated {used:N0} B, estimated {estimate:N0} B");
        GC.KeepAlive(adam);
    }
}
