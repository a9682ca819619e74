using Elman.Data.Tasks;
using Elman.Model;
using Elman.Numerics;

namespace Elman.Tests.Model;

/// <summary>
/// Sizes are computed in checked 64-bit arithmetic and refused before any work with one line: data sets
/// over one array, merged ensembles that cannot exist, totals over the memory available. Before, these
/// were OverflowExceptions, or a run trained 64 members before finding its merged model impossible.
/// </summary>
public class RunFootprintTests
{
    [Theory]
    [InlineData(100_000_000, 1000, 6)]
    [InlineData(int.MaxValue, 30, 6)]
    [InlineData(2000, 99_999_999, 6)]
    [InlineData(long.MaxValue, long.MaxValue, 2)]
    public void An_impossible_data_set_is_an_elman_exception_not_an_overflow(long count, long steps, long width)
    {
        var e = Assert.Throws<ElmanException>(() => MemoryEstimate.DatasetValues(count, steps, width));
        Assert.Contains($"{count:N0} sequences", e.Message);
        Assert.Contains("one array", e.Message);
    }

    [Fact]
    public void A_data_set_size_is_n_times_t_times_d() => Assert.Equal(2000 * 30 * 6, MemoryEstimate.DatasetValues(2000, 30, 6));

    [Theory]
    [InlineData("temporal-order", 100_000_000, 1000)]
    [InlineData("adding", int.MaxValue, 30)]
    [InlineData("parity", 1000, int.MaxValue)]
    [InlineData("copy-first", 1_000_000, 1_000_000)]
    public void Generating_an_impossible_task_is_refused_before_allocating(string task, int count, int length)
        => Assert.Throws<ElmanException>(() => BuiltinTasks.Get(task).Generate(count, length, new SeededRandom(1)));

    [Fact]
    public void A_merged_ensemble_that_cannot_exist_is_refused_before_training()
    {
        // 64 members of 1024 units merge into one of 65,536: W_hh alone has 4.3e9 entries.
        var config = new RnnConfig(20_000, 64, 1024, 1, 2);
        var run = new RunFootprint(config, 32, 200, 2, 64, [new DataSetSize("training", 10_000, 200, 1)]);
        var e = Assert.Throws<ElmanException>(() => MemoryEstimate.EnsureRunFits(run, availableBytes: 1L << 40));
        Assert.Contains("merged ensemble of 64 members", e.Message);
        MemoryEstimate.EnsureRunFits(run with { Members = 1 }, availableBytes: 1L << 40);
    }

    [Fact]
    public void Data_sets_count_toward_the_memory_a_run_needs()
    {
        var config = new RnnConfig(0, 6, 16, 1, 4);
        var small = new RunFootprint(config, 32, 100, 2, 1, [new DataSetSize("training", 1000, 100, 6)]);
        MemoryEstimate.EnsureRunFits(small, availableBytes: 1L << 30);
        var big = small with { DataSets = [new DataSetSize("training", 1_000_000, 100, 6), new DataSetSize("test", 1_000_000, 100, 6)] };
        // 2 · 10⁶ · 100 · 6 floats = 4.8 GB, over 80 % of 4 GiB although each set alone is one array.
        var e = Assert.Throws<ElmanException>(() => MemoryEstimate.EnsureRunFits(big, availableBytes: 4L << 30));
        Assert.Contains("2 data set(s)", e.Message);
        Assert.True(MemoryEstimate.RunBytes(big) >= 4L * 2 * 1_000_000 * 100 * 6);
    }

    [Fact]
    public void An_overflowing_set_is_named()
    {
        var run = new RunFootprint(new RnnConfig(0, 6, 16, 1, 4), 32, 1000, 2, 1, [new DataSetSize("test", 100_000_000, 1000, 6)]);
        Assert.StartsWith("the test set: ", Assert.Throws<ElmanException>(() => MemoryEstimate.EnsureRunFits(run)).Message);
    }

    [Fact]
    public void The_parameter_count_saturates_instead_of_wrapping()
    {
        var huge = new RnnConfig(0, int.MaxValue, int.MaxValue, 64, 2);
        Assert.Equal(long.MaxValue, MemoryEstimate.ParameterCount(huge));
        // Bidirectional H = 2³⁰: the output width 2H overflows int, not the count.
        var wide = new RnnConfig(0, 1, 1 << 30, 1, 2, Bidirectional: true);
        long h = 1L << 30;
        Assert.Equal(2 * (h * 1 + h * h + 2 * h) + 2 * (2 * h) + 2, MemoryEstimate.ParameterCount(wide));
    }
}
