using Elman.IO;
using Elman.Model;
using Elman.Tests.Support;

namespace Elman.Tests.Cli;

/// <summary>
/// Hostile command lines through the real executable: each is one line on stderr, exit code 2, and
/// nothing written (or destroyed); or, for predict, output that cannot drive the terminal.
/// </summary>
public sealed class ReliabilityCliTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("elman-relcli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string PathIn(string name) => Path.Combine(_dir, name);

    CliProcess.Result Run(params string[] args) => CliProcess.RunIn(_dir, args);

    static string Fixture(string name) => Fixtures.File("dense_tanh_l1", name);

    string Copy(string fixture, string name)
    {
        File.Copy(Fixture(fixture), PathIn(name));
        return PathIn(name);
    }

    [Fact]
    public void Grad_refuses_an_output_that_is_its_model_or_its_inputs_and_keeps_them()
    {
        string model = Copy("model.safetensors", "m.safetensors"), inputs = Copy("inputs.safetensors", "b.safetensors");
        byte[] modelBefore = File.ReadAllBytes(model), inputsBefore = File.ReadAllBytes(inputs);
        CliProcess.AssertUsageError(Run("grad", "--model", model, "--inputs", inputs, "--out", model), "--out");
        CliProcess.AssertUsageError(Run("grad", "--model", model, "--inputs", inputs, "--out", "b.safetensors"), "same file as --inputs");
        File.CreateSymbolicLink(PathIn("link.safetensors"), model);
        CliProcess.AssertUsageError(Run("grad", "--model", model, "--inputs", inputs, "--out", PathIn("link.safetensors")), "same file as --model");
        Assert.Equal(modelBefore, File.ReadAllBytes(model));
        Assert.Equal(inputsBefore, File.ReadAllBytes(inputs));
    }

    [Fact]
    public void Export_refuses_its_model_as_output_an_empty_path_and_special_files()
    {
        string model = Copy("model.safetensors", "m.safetensors");
        var before = File.ReadAllBytes(model);
        CliProcess.AssertUsageError(Run("export", "--model", model, "--onnx", model), "same file as --model");
        CliProcess.AssertUsageError(Run("export", "--model", model, "--onnx", ""), "output path is empty");
        CliProcess.AssertUsageError(Run("export", "--model", model, "--onnx", PathIn("nodir/x.onnx")), PathIn("nodir/x.onnx"));
        Assert.DoesNotContain(".tmp", Run("export", "--model", model, "--onnx", PathIn("nodir/x.onnx")).Stderr);
        if (!OperatingSystem.IsWindows())
        {
            CliProcess.AssertUsageError(Run("grad", "--model", model, "--inputs", Fixture("inputs.safetensors"), "--out", "/dev/null"), "character device");
            Assert.Equal(FileKind.CharacterDevice, FileStatus.OfLink("/dev/null").Kind);
        }
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    [Theory]
    [InlineData("--lr", "x", "--learning-rate: 'x' is not a number")]
    [InlineData("--epochs", "1.5", "--epochs: '1.5' is not a whole number")]
    [InlineData("--epochs", "99999999999", "--epochs: '99999999999' is not a whole number in [-2147483648, 2147483647]")]
    public void Parse_errors_are_one_line_without_dotnet_type_names(string option, string value, string expected)
    {
        var r = Run("train", option, value);
        CliProcess.AssertUsageError(r, expected);
        Assert.DoesNotContain("System.", r.Stderr);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Eval_refuses_sizes_that_overflow_and_a_stored_length_that_cannot_be()
    {
        string model = PathIn("t.safetensors");
        var net = RnnClassifier<float>.Create(new RnnConfig(0, 6, 4, 1, 4), 1);
        Checkpoint.Save(net, model, new Dictionary<string, string> { [MetadataKeys.Task] = "temporal-order", [MetadataKeys.Length] = "99999999" });
        CliProcess.AssertUsageError(Run("eval", "--model", model), "99,999,999 steps");
        CliProcess.AssertUsageError(Run("eval", "--model", model, "--length", "1000000"), "1,000,000 steps");
        CliProcess.AssertUsageError(Run("eval", "--model", model, "--length", "30", "--count", "2147483647"), "2,147,483,647 sequences");
        Checkpoint.Save(net, model, new Dictionary<string, string> { [MetadataKeys.Task] = "temporal-order", [MetadataKeys.Length] = "0" });
        var r = Run("eval", "--model", model);
        CliProcess.AssertUsageError(r, "\"length\" is '0'");
        Assert.DoesNotContain("--length is", r.Stderr);
    }

    [Fact]
    public void Bench_refuses_an_overflowing_batch_before_allocating()
        => CliProcess.AssertUsageError(Run("bench", "--length", "1000000", "--batch", "100000", "--threads", "1"), "100,000 sequences");

    [Fact]
    public void Predict_escapes_control_characters_refuses_empty_texts_and_keeps_json_valid()
    {
        string data = PathIn("d.csv");
        File.WriteAllLines(data, ["text,label", .. Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? "good fun,pos" : "bad dull,neg")]);
        var train = Run("train", "--data", data, "--hidden", "4", "--embedding", "4", "--epochs", "1", "--threads", "1", "--out", PathIn("m.safetensors"));
        Assert.True(train.ExitCode == 0, train.ToString());

        var table = Run("predict", "--model", PathIn("m.safetensors"), "good \u001b[31mred\u0007 fun");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.DoesNotContain('\u001b', table.Stdout);
        Assert.DoesNotContain('\u0007', table.Stdout);
        Assert.Contains("\\u001B[31mred\\u0007", table.Stdout);

        var json = Run("predict", "--model", PathIn("m.safetensors"), "--json", "good \u001b fun");
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal("good \u001b fun", System.Text.Json.JsonDocument.Parse(json.Stdout.Trim()).RootElement.GetProperty("text").GetString());

        CliProcess.AssertUsageError(Run("predict", "--model", PathIn("m.safetensors"), "ok", ""), "text 2 is empty");
    }
}
