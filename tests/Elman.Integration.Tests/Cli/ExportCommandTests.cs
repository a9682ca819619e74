using Elman.Data;
using Elman.Integration.Tests.Onnx;
using Elman.Model;
using Elman.Tests.IO;
using Elman.Tests.Support;
using Elman.Layers;

namespace Elman.Integration.Tests.Cli;

/// <summary><c>elman export</c> as a child process: the file it writes runs in ONNX Runtime with Elman's numbers; bad input fails in one line.</summary>
public sealed class ExportCommandTests
{
    [Fact]
    public void ExportedCheckpointRunsInOnnxRuntime()
    {
        using var dir = new TempDirectory();
        var c = new ModelCase(12, 3, 6, 2, 5, 7, 3, Nonlinearity.Tanh, true, 31);
        var model = RandomModels.Model<float>(c);
        Checkpoint.Save(model, dir.File("m.safetensors"), new Dictionary<string, string> { ["class_names"] = "[\"a\",\"b\",\"c\"]" });

        var r = CliProcess.RunIn(dir.Path, "export", "--model", "m.safetensors", "--onnx", "m.onnx");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("wrote m.onnx", r.Stdout);

        var batch = RandomModels.Batch<float>(c, 5);
        model.Forward(batch);
        using var runner = new OnnxRunner(File.ReadAllBytes(dir.File("m.onnx")));
        var logits = runner.Run(batch)["logits"];
        Assert.True(Norms.RelativeError(logits, model.Logits.ToArray().Select(v => (double)v).ToArray()) <= 1e-5);
        Assert.Equal("[\"a\",\"b\",\"c\"]", runner.Metadata["class_names"]);
    }

    [Fact]
    public void MissingModelIsAOneLineErrorAndWritesNothing()
    {
        using var dir = new TempDirectory();
        var r = CliProcess.RunIn(dir.Path, "export", "--model", "absent.safetensors", "--onnx", "m.onnx");
        CliProcess.AssertUsageError(r, "absent.safetensors");
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void MissingOnnxOptionIsAUsageError()
    {
        var r = CliProcess.Run("export", "--model", "m.safetensors");
        CliProcess.AssertUsageError(r, "--onnx");
    }
}
