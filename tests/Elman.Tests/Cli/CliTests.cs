using Elman.IO;
using Elman.Model;
using Elman.Tests.Support;
using Elman.Numerics;

namespace Elman.Tests.Cli;

public sealed class CliTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("elman-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string PathIn(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Root_help_lists_every_command()
    {
        var r = CliProcess.Run("--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var command in new[] { "train", "eval", "grad" }) Assert.Contains(command, r.Stdout);
    }

    [Theory]
    [InlineData("train", "--task --length --hidden --layers --nonlinearity --pooling --batch --epochs --lr --optimizer --seed --threads --out --init --init-scale --init-norm --init-radius --clip --clip-mode --on-nonfinite --error-if-nonfinite")]
    [InlineData("eval", "--model --task --length --count --seed --inputs --threads")]
    [InlineData("grad", "--model --inputs --out --precision --threads")]
    [InlineData("experiment long-range", "--task --lengths --models --seeds --first-seed --hidden --batch --lr --budget-minutes --max-steps --check-every --out --parallel --threads tanh-radius-clip")]
    public void Command_help_documents_every_option(string command, string options)
    {
        var r = CliProcess.Run([.. command.Split(' '), "--help"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var option in options.Split(' ')) Assert.Contains(option, r.Stdout);
    }

    [Fact]
    public void Version_prints_the_package_version()
    {
        var r = CliProcess.Run("--version");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", r.Stdout.Trim());
    }

    [Fact]
    public void Train_writes_a_loadable_model_and_eval_reads_it()
    {
        string model = PathIn("m.safetensors");
        var r = CliProcess.Run("train", "--epochs", "1", "--train-size", "256", "--test-size", "64", "--hidden", "8", "--threads", "1", "--out", model);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("test", r.Stdout);
        var loaded = Checkpoint.Load<float>(model);
        Assert.Equal(new RnnConfig(0, 6, 8, 1, 4), loaded.Model.Config);
        Assert.Equal("temporal-order", loaded.Metadata[MetadataKeys.Task]);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));

        var e = CliProcess.Run("eval", "--model", model, "--count", "100");
        Assert.True(e.ExitCode == 0, e.ToString());
        Assert.Contains("accuracy", e.Stdout);
    }

    [Fact]
    public void Grad_writes_pytorch_named_gradients_matching_autograd()
    {
        string output = PathIn("g.safetensors");
        var r = CliProcess.Run("grad", "--model", Fixtures.File("emb_tanh_l1", "model.safetensors"),
            "--inputs", Fixtures.File("emb_tanh_l1", "inputs.safetensors"), "--out", output);
        Assert.True(r.ExitCode == 0, r.ToString());
        var got = SafeTensorsFile.Read(output);
        var reference = SafeTensorsFile.Read(Fixtures.File("emb_tanh_l1", "ref_grads.safetensors"));
        Assert.Equal(reference.Tensors.Select(t => t.Name).Order(), got.Tensors.Select(t => t.Name).Order());
        foreach (var t in reference.Tensors)
        {
            Assert.Equal(SafeTensorDType.F32, got[t.Name].DType);
            if (t.Name == "loss") Assert.Equal([1L], got[t.Name].Shape);   // the contract's [1]; the anchor writes a scalar []
            else Assert.Equal(t.Shape, got[t.Name].Shape);
            double err = Norms.RelativeError(got[t.Name].ToDoubleArray(), t.ToDoubleArray(), floor: 1e-9);
            Assert.True(err <= 1e-5, $"{t.Name}: {err:E2}");
        }
    }

    [Fact]
    public void Long_range_experiment_smoke_run_writes_its_table_csv_and_plots()
    {
        string dir = PathIn("lr");
        var r = CliProcess.Run("experiment", "long-range", "--task", "adding", "--lengths", "8,12", "--models", "irnn,tanh", "--seeds", "1",
            "--hidden", "8", "--max-steps", "200", "--check-every", "100", "--threads", "1", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("T = 12", r.Stdout);
        Assert.Contains("--first-seed 0 --seeds 1", r.Stdout);
        Assert.True(File.Exists(Path.Combine(dir, "curves-T8.png")));
        Assert.True(File.Exists(Path.Combine(dir, "curves-T12.png")));
        var csv = File.ReadAllLines(Path.Combine(dir, "results.csv"));
        Assert.Equal("model,length,seed,step,metric,gradient_norm,whh_norm,succeeded,steps_to_success", csv[0]);
        Assert.Equal(1 + 2 * 2 * 2, csv.Length);   // 2 models × 2 lengths × 2 checks
        Assert.All(csv.Skip(1), line => Assert.True(double.Parse(line.Split(',')[6], System.Globalization.CultureInfo.InvariantCulture) > 0, line));

        // Runs side by side give the same results: each depends only on its seed and --threads.
        string parallel = PathIn("lr-parallel");
        var p = CliProcess.Run("experiment", "long-range", "--task", "adding", "--lengths", "8,12", "--models", "irnn,tanh", "--seeds", "1",
            "--hidden", "8", "--max-steps", "200", "--check-every", "100", "--threads", "1", "--parallel", "2", "--out", parallel);
        Assert.True(p.ExitCode == 0, p.ToString());
        Assert.Equal(csv, File.ReadAllLines(Path.Combine(parallel, "results.csv")));
    }

    [Fact]
    public void Missing_model_file_is_a_one_line_error()
        => CliProcess.AssertUsageError(CliProcess.Run("grad", "--model", PathIn("nope.safetensors"), "--inputs", PathIn("i.safetensors"), "--out", PathIn("g.safetensors")), "nope.safetensors");

    [Theory]
    [InlineData("--hidden", "0", "--hidden")]
    [InlineData("--nonlinearity", "sigmoid", "nonlinearity")]
    [InlineData("--epochs", "0", "--epochs")]
    [InlineData("--lr", "-1", "--learning-rate is -1")]
    [InlineData("--learning-rate", "0", "--learning-rate is 0")]
    [InlineData("--batch", "0", "--batch-size is 0")]
    [InlineData("--ema", "1", "--ema-decay is 1")]
    [InlineData("--threads", "0", "--threads")]
    [InlineData("--task", "bogus", "task")]
    [InlineData("--length", "abc", "length")]
    public void Bad_train_options_are_one_line_errors_naming_the_option(string option, string value, string named)
        => CliProcess.AssertUsageError(CliProcess.Run("train", option, value, "--out", PathIn("m.safetensors")), named);

    [Fact]
    public void Unknown_option_is_a_usage_error()
        => CliProcess.AssertUsageError(CliProcess.Run("train", "--bogus"), "--bogus");

    [Fact]
    public void Malformed_model_file_names_the_file()
    {
        string model = PathIn("bad.safetensors");
        File.WriteAllBytes(model, [1, 2, 3]);
        CliProcess.AssertUsageError(CliProcess.Run("eval", "--model", model), "bad.safetensors");
    }

    [Fact]
    public void Inputs_that_do_not_fit_the_model_are_refused_and_nothing_is_written()
    {
        string output = PathIn("g.safetensors");
        // A dense model given token inputs.
        var r = CliProcess.Run("grad", "--model", Fixtures.File("dense_tanh_l1", "model.safetensors"),
            "--inputs", Fixtures.File("emb_tanh_l1", "inputs.safetensors"), "--out", output);
        CliProcess.AssertUsageError(r, "inputs.safetensors");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_failed_run_never_overwrites_a_good_model()
    {
        string model = PathIn("good.safetensors");
        File.Copy(Fixtures.File("dense_tanh_l1", "model.safetensors"), model);
        var before = File.ReadAllBytes(model);
        // h_t grows as 1e30^t: the first forward pass overflows, so the run diverges for certain.
        var r = CliProcess.Run("train", "--hidden", "16", "--epochs", "1", "--train-size", "64", "--test-size", "16",
            "--nonlinearity", "relu", "--init", "identity", "--init-scale", "1e30", "--out", model);
        CliProcess.AssertUsageError(r, "diverged");
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    // The run of A_failed_run_never_overwrites_a_good_model: every step's gradient is non-finite.
    static string[] Diverging(string output) =>
    [
        "train", "--hidden", "16", "--epochs", "1", "--train-size", "64", "--test-size", "16",
        "--nonlinearity", "relu", "--init", "identity", "--init-scale", "1e30", "--out", output,
    ];

    [Fact]
    public void Error_if_nonfinite_true_stops_and_false_skips_the_steps()
    {
        string model = PathIn("m.safetensors");
        CliProcess.AssertUsageError(CliProcess.Run([.. Diverging(model), "--error-if-nonfinite", "true"]), "diverged");
        Assert.False(File.Exists(model));

        var skipped = CliProcess.Run([.. Diverging(model), "--error-if-nonfinite", "false"]);
        Assert.Contains("skipped", skipped.Stdout + skipped.Stderr);
    }

    [Fact]
    public void Error_if_nonfinite_contradicting_on_nonfinite_is_a_usage_error()
        => CliProcess.AssertUsageError(
            CliProcess.Run([.. Diverging(PathIn("m.safetensors")), "--error-if-nonfinite", "true", "--on-nonfinite", "skip"]),
            "--error-if-nonfinite");

    [Theory]
    [InlineData("--init-norm", 0.9)]
    [InlineData("--init-radius", 0.95)]
    public void Init_norm_and_radius_rescale_the_initial_recurrent_matrix(string option, double target)
    {
        string model = PathIn("m.safetensors");
        // An SGD step of 1e-12 leaves W_hh as initialised to far below the tolerance.
        var r = CliProcess.Run("train", "--epochs", "1", "--train-size", "64", "--test-size", "16", "--hidden", "12", "--threads", "1",
            "--init", "orthogonal", "--optimizer", "sgd", "--momentum", "0", "--lr", "1e-12", option, target.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", model);
        Assert.True(r.ExitCode == 0, r.ToString());
        var w = Checkpoint.Load<double>(model).Model.Weights[ParameterLayout.WeightHh(0, false)];
        double measured = option == "--init-norm" ? Elman.Numerics.SpectralNorm.Exact<double>(w, 12, 12) : Elman.Numerics.Eigenvalues.SpectralRadius<double>(w, 12);
        Assert.Equal(target, measured, 1e-6);
    }

    [Theory]
    [InlineData("--init-norm", "0")]
    [InlineData("--init-radius", "-1")]
    public void Non_positive_rescale_targets_are_usage_errors(string option, string value)
        => CliProcess.AssertUsageError(CliProcess.Run("train", option, value, "--out", PathIn("m.safetensors")), option);

    [Theory]
    [InlineData("0")]
    [InlineData("Infinity")]
    public void A_long_range_budget_must_be_positive_and_finite(string minutes)
        => CliProcess.AssertUsageError(CliProcess.Run("experiment", "long-range", "--budget-minutes", minutes, "--out", PathIn("lr")), "--budget-minutes");

    [Fact]
    public void A_long_range_thread_count_is_checked_before_any_run_starts()
    {
        var r = CliProcess.Run("experiment", "long-range", "--threads", "0", "--out", PathIn("lr"));
        CliProcess.AssertUsageError(r, "--threads");
        Assert.DoesNotContain("elman experiment long-range:", r.Stdout);
    }

    [Fact]
    public void Init_norm_and_radius_together_are_a_usage_error()
        => CliProcess.AssertUsageError(CliProcess.Run("train", "--init-norm", "1", "--init-radius", "1", "--out", PathIn("m.safetensors")), "--init-radius");
}
