using Elman.Numerics;

namespace Elman.Tests.Numerics;

public sealed class GemmPartitionTests
{
    [Theory]
    [InlineData(64, 256, 256, 2, 32)]
    [InlineData(64, 10, 256, 2, 32)]
    [InlineData(1, 257, 33, 4, 16)]
    [InlineData(300, 1, 1000, 3, 32)]
    [InlineData(1024, 1024, 1024, 2, 32)]
    [InlineData(1, 1, 1, 2, 32)]
    public void Ranges_TileTheSplitDimension_OnPanelBoundaries(int m, int n, int k, int threads, int nr)
    {
        var partition = GemmPartition.Choose(m, n, k, threads, nr, minFlopsPerPart: 0);
        int length = partition.SplitColumns ? n : m, granule = partition.SplitColumns ? nr : GemmMicroKernel.Rows;
        Assert.InRange(partition.Parts, 1, threads);
        int next = 0;
        for (int part = 0; part < partition.Parts; part++)
        {
            var (start, end) = partition.Range(part);
            Assert.True(start == next, $"m={m} n={n} threads={threads}: part {part} starts at {start}, expected {next}");
            Assert.True(start % granule == 0 || start == length, $"part {part} start {start} is not on a {granule} boundary");
            next = Math.Max(end, start);
        }
        Assert.Equal(length, next);
    }

    [Fact]
    public void SmallProducts_StayOnOneThread()
    {
        Assert.Equal(1, GemmPartition.Choose(8, 8, 8, 2, 32).Parts);
        Assert.Equal(2, GemmPartition.Choose(64, 256, 256, 2, 32).Parts);
    }

    [Fact]
    public void RecurrentStep_SplitsColumns_SoEachCoreKeepsItsHalfOfThePackedWeights()
    {
        var partition = GemmPartition.Choose(64, 256, 256, 2, 32);
        Assert.True(partition.SplitColumns);
        Assert.Equal((0, 128), partition.Range(0));
    }
}
