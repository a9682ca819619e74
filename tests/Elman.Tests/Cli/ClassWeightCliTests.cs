using Elman.IO;
using Elman.Model;
using Elman.Tests.Support;

namespace Elman.Tests.Cli;

/// <summary>
/// <c>--class-weight</c> and <c>--select-by</c> on <c>elman train</c>, <c>--class-weights</c> on <c>elman grad</c>,
/// through the real executable: announced, kept through a resume, refused where they mean nothing.
/// </summary>
public sealed class ClassWeightCliTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("elman-weights-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string PathIn(string name) => Path.Combine(_dir, name);

    // 80 reviews, 3 in 4 positive.
    string WriteImbalancedReviews()
    {
        string path = PathIn("reviews.csv");
        var lines = new List<string> { "review,sentiment" };
        for (int i = 0; i < 80; i++)
            lines.Add(i % 4 != 0 ? $"\"great, lovely film {i % 7}\",positive" : $"dull boring story {i % 5},negative");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void A_balanced_run_selected_by_macro_f1_is_announced_and_resumes_byte_identical()
    {
        string data = WriteImbalancedReviews();
        string[] args = ["train", "--data", data, "--text-column", "review", "--label-column", "sentiment", "--hidden", "8", "--embedding", "4",
            "--epochs", "4", "--threads", "1", "--class-weight", "balanced", "--select-by", "macro-f1"];
        var reference = CliProcess.Run([.. args, "--out", PathIn("reference.safetensors")]);
        Assert.True(reference.ExitCode == 0, reference.ToString());
        // 64 training examples, 16 negative and 48 positive: w = 64 / (2 · 16) = 2 and 64 / (2 · 48) = 0.6667.
        Assert.Contains("loss: balanced class weights (N / (C·n_c) from the training split): negative 2, positive 0.6667; kept epoch: highest validation macro-F1", reference.Stdout);
        Assert.Matches(@"epoch +1 +train loss [0-9.]+ acc [0-9.]+ %  validation loss [0-9.]+ acc [0-9.]+ % F1 [0-9.]+", reference.Stdout);
        Assert.Contains("(highest validation macro-F1)", reference.Stdout);

        var run = CliProcess.Run([.. args, "--out", PathIn("run.safetensors"), "--checkpoint-every", "1epochs", "--keep", "5"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        File.Delete(PathIn("run.safetensors"));
        var resumed = CliProcess.Run("train", "--resume", PathIn("run.safetensors.checkpoints/ckpt-e00002-s0000000.safetensors"));
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("highest validation macro-F1", resumed.Stdout);
        Assert.Equal(File.ReadAllBytes(PathIn("reference.safetensors")), File.ReadAllBytes(PathIn("run.safetensors")));

        var plain = CliProcess.Run([.. args[..^4], "--out", PathIn("plain.safetensors")]);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.DoesNotContain("class weights", plain.Stdout);
        Assert.NotEqual(File.ReadAllBytes(PathIn("reference.safetensors")), File.ReadAllBytes(PathIn("plain.safetensors")));
    }

    [Theory]
    [InlineData("--class-weight", "balanced", "--class-weight")]
    [InlineData("--select-by", "macro-f1", "--select-by")]
    public void A_regression_task_refuses_class_weights_and_classification_metrics(string option, string value, string mention)
        => CliProcess.AssertUsageError(CliProcess.Run("train", "--task", "adding", "--length", "8", "--train-size", "64", "--test-size", "16", "--hidden", "4",
            "--epochs", "1", "--threads", "1", option, value, "--out", PathIn("m.safetensors")), mention);

    [Fact]
    public void Grad_with_class_weights_is_the_weighted_loss_and_unit_weights_change_nothing()
    {
        string model = Fixtures.File("emb_tanh_l1", "model.safetensors"), inputs = Fixtures.File("emb_tanh_l1", "inputs.safetensors");
        int classes = Checkpoint.Load<float>(model).Model.Config.NumClasses;
        var weights = Enumerable.Range(0, classes).Select(c => 0.5 + c).ToArray();

        var r = CliProcess.Run("grad", "--model", model, "--inputs", inputs, "--out", PathIn("w.safetensors"), "--precision", "double",
            "--class-weights", string.Join(",", weights.Select(w => w.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.True(r.ExitCode == 0, r.ToString());
        var net = Checkpoint.Load<double>(model).Model;
        net.ClassWeights = weights;
        double loss = net.ComputeGradients(BatchFile.Read<double>(inputs, net.Config));
        var got = SafeTensorsFile.Read(PathIn("w.safetensors"));
        Assert.Equal((float)loss, got["loss"].ToSingleArray()[0]);
        foreach (var info in net.Layout.Tensors)
            Assert.Equal(net.Gradients[info].ToArray().Select(g => (float)g), got[info.Name].ToSingleArray());

        var plain = CliProcess.Run("grad", "--model", model, "--inputs", inputs, "--out", PathIn("plain.safetensors"));
        var ones = CliProcess.Run("grad", "--model", model, "--inputs", inputs, "--out", PathIn("ones.safetensors"), "--class-weights", string.Join(",", Enumerable.Repeat("1", classes)));
        Assert.True(plain.ExitCode == 0 && ones.ExitCode == 0, plain.ToString() + ones);
        Assert.Equal(File.ReadAllBytes(PathIn("plain.safetensors")), File.ReadAllBytes(PathIn("ones.safetensors")));
    }

    [Theory]
    [InlineData("1", "has 1 weights")]
    [InlineData("1,-2", "'-2' (weight 2)")]
    [InlineData("1,x", "'x' (weight 2)")]
    public void Bad_grad_class_weights_are_one_line_errors(string weights, string mention)
        => CliProcess.AssertUsageError(CliProcess.Run("grad", "--model", Fixtures.File("emb_tanh_l1", "model.safetensors"),
            "--inputs", Fixtures.File("emb_tanh_l1", "inputs.safetensors"), "--out", PathIn("g.safetensors"), "--class-weights", weights), mention);
}
