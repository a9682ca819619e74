using Elman.Tests.Support;

namespace Elman.Integration.Tests.Cli;

/// <summary><c>elman bench --predict</c> as a child process, on a tiny shape so it takes a moment.</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void PredictPrintsOneRowPerThreadCount()
    {
        var r = CliProcess.Run("bench", "--predict", "--batch", "2", "--length", "5", "--hidden", "8", "--input", "3", "--threads", "1", "2", "--warmup", "0", "--iterations", "3");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("B = 2, T = 5, H = 8", r.Stdout);
        Assert.Matches(@"\| Elman \| 1 \| [0-9.]+ \|", r.Stdout);
        Assert.Matches(@"\| Elman \| 2 \| [0-9.]+ \|", r.Stdout);
        Assert.Contains("bench/Elman.Bench -- predict", r.Stdout);
    }

    [Fact]
    public void TrainingStepIsTheDefaultAndReportsMsGflopsAndShareOfPeak()
    {
        var r = CliProcess.Run("bench", "--batch", "4", "--length", "6", "--hidden", "16", "--input", "3", "--classes", "3", "--threads", "1", "--warmup", "0", "--steps", "3");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("training step", r.Stdout);
        Assert.Matches(@"threads=1: median [0-9.]+ ms/step .*[0-9.]+ GFLOP/s = [0-9]+ % of Elman's SGEMM peak \([0-9.]+ GFLOP/s at n = 1024\)", r.Stdout);
    }

    [Fact]
    public void GemmModePrintsTheRate()
    {
        var r = CliProcess.Run("bench", "--gemm", "64", "--threads", "1", "2");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(@"Elman SGEMM n=64 threads=1: [0-9.]+ GFLOP/s", r.Stdout);
        Assert.Matches(@"Elman SGEMM n=64 threads=2: [0-9.]+ GFLOP/s", r.Stdout);
    }

    [Fact]
    public void GemmAndPredictTogetherAreRefused()
    {
        CliProcess.AssertUsageError(CliProcess.Run("bench", "--gemm", "64", "--predict"), "--gemm");
    }

    [Fact]
    public void BadShapeIsAOneLineError()
    {
        CliProcess.AssertUsageError(CliProcess.Run("bench", "--predict", "--hidden", "0"), "--hidden");
    }
}
