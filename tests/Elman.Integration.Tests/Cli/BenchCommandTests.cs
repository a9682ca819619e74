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
    public void WithoutAModeItSaysWhichModesExist()
    {
        CliProcess.AssertUsageError(CliProcess.Run("bench"), "--predict");
    }

    [Fact]
    public void BadShapeIsAOneLineError()
    {
        CliProcess.AssertUsageError(CliProcess.Run("bench", "--predict", "--hidden", "0"), "--hidden");
    }
}
