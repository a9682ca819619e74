using Elman.IO;
using Elman.Tests.IO;
using Elman.Tests.Support;

namespace Elman.Tests.Cli;

/// <summary><c>elman train</c> claims its outputs before any work: one run per output, no output over an input, nothing written on refusal.</summary>
public sealed class TrainOutputsTests
{
    static readonly string[] Small = ["--epochs", "1", "--train-size", "64", "--test-size", "32", "--hidden", "4", "--threads", "1"];

    [Fact]
    public void A_second_run_on_the_same_output_is_refused_naming_the_first_ones_pid()
    {
        using var dir = new TempDirectory();
        string model = dir.File("m.safetensors");
        using (RunLock.Acquire(model))
        {
            var r = CliProcess.RunIn(dir.Path, ["train", .. Small, "--out", model]);
            CliProcess.AssertUsageError(r, $"PID {Environment.ProcessId}");
        }
        Assert.False(File.Exists(model));
        var free = CliProcess.RunIn(dir.Path, ["train", .. Small, "--out", model]);
        Assert.True(free.ExitCode == 0, free.ToString());
        Assert.False(File.Exists(RunLock.LockFileOf(model)));
    }

    [Fact]
    public void An_output_that_is_the_data_or_another_output_is_refused_before_any_work()
    {
        using var dir = new TempDirectory();
        string data = dir.File("d.csv");
        File.WriteAllLines(data, ["text,label", .. Enumerable.Range(0, 40).Select(i => $"{(i % 2 == 0 ? "good fine" : "bad awful")} {i},{i % 2}")]);
        byte[] before = File.ReadAllBytes(data);
        CliProcess.AssertUsageError(CliProcess.RunIn(dir.Path, "train", "--data", data, "--epochs", "1", "--out", data), "--data");
        CliProcess.AssertUsageError(CliProcess.RunIn(dir.Path, "train", "--data", data, "--epochs", "1", "--out", "m.safetensors", "--plot", "m.safetensors"), "m.safetensors");
        Assert.Equal(before, File.ReadAllBytes(data));
        Assert.False(File.Exists(dir.File("m.safetensors")));
    }

    [Fact]
    public void Dropout_with_one_layer_is_refused_rather_than_ignored()
        => CliProcess.AssertUsageError(CliProcess.Run(["train", .. Small, "--dropout", "0.5", "--out", Path.Combine(Path.GetTempPath(), "never.safetensors")]), "--dropout is 0.5");

    [Fact]
    public void Clip_inf_measures_but_never_clips_as_pytorch_max_norm_inf()
    {
        using var dir = new TempDirectory();
        var plain = CliProcess.RunIn(dir.Path, ["train", .. Small, "--out", "plain.safetensors"]);
        var inf = CliProcess.RunIn(dir.Path, ["train", .. Small, "--clip", "inf", "--out", "inf.safetensors"]);
        Assert.True(plain.ExitCode == 0 && inf.ExitCode == 0, plain.ToString() + inf);
        Assert.Equal(Elman.Model.Checkpoint.Load<float>(dir.File("plain.safetensors")).Model.Weights.Values, Elman.Model.Checkpoint.Load<float>(dir.File("inf.safetensors")).Model.Weights.Values);
        CliProcess.AssertUsageError(CliProcess.RunIn(dir.Path, ["train", .. Small, "--clip", "abc", "--out", "x.safetensors"]), "--clip: 'abc' is not a number or inf");
    }

    [Theory]
    [InlineData("--data waves.npz --tokenizer char", "--tokenizer applies to text")]
    [InlineData("--data waves.npz --embedding 8", "--embedding applies to text")]
    [InlineData("--dataset names --sequence-column id", "--sequence-column applies to numeric sequences")]
    [InlineData("--normalize none", "--normalize applies to numeric sequences")]
    [InlineData("--data waves.npz --length 10", "--length applies to synthetic tasks")]
    [InlineData("--dataset mnist-rows --test-data t.npz", "--test-data describes a sequence file")]
    public void Options_for_another_kind_of_data_are_refused_not_ignored(string arguments, string message)
        => CliProcess.AssertUsageError(CliProcess.Run(["train", .. arguments.Split(' '), "--out", Path.Combine(Path.GetTempPath(), "never.safetensors")]), message);
}
