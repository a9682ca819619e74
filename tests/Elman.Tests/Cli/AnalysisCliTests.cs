using System.Text.RegularExpressions;
using Elman.Model;
using Elman.Tests.Analysis;
using Elman.Tests.Support;

namespace Elman.Tests.Cli;

/// <summary>elman jacobian, analyse, experiment vanishing and train --track-gradients, run as a child process.</summary>
public sealed class AnalysisCliTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("elman-analysis-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string PathIn(string name) => Path.Combine(_dir, name);

    static readonly Regex JsonShape = new(
        @"^\{""example"":\d+,""spectral_norm_whh"":[-0-9.Ee+]+,""lags"":\[(\{""i"":\d+,""lag"":\d+,""jacobian_norm"":[-0-9.Ee+]+,""tight_bound"":[-0-9.Ee+]+,""loose_bound"":[-0-9.Ee+]+\},?)+\]\}$");

    [Theory]
    [MemberData(nameof(JacobianProfileFixtureTests.Cases), MemberType = typeof(JacobianProfileFixtureTests))]
    public void Jacobian_json_has_the_contract_shape_and_matches_libtorch(string fixture)
    {
        var r = CliProcess.Run("jacobian", "--model", Fixtures.File(fixture, "model.safetensors"), "--inputs", Fixtures.File(fixture, "inputs.safetensors"), "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        string json = r.Stdout.Trim();
        Assert.Matches(JsonShape, json);
        JacobianProfileFixtureTests.Compare(fixture, JacobianProfileFixtureTests.Parse(json), File.ReadAllText(Fixtures.File(fixture, "ref_jacobian.json")));
    }

    [Fact]
    public void Jacobian_prints_a_table_for_any_example_and_layer()
    {
        var r = CliProcess.Run("jacobian", "--model", Fixtures.File("dense_tanh_l2", "model.safetensors"), "--inputs", Fixtures.File("dense_tanh_l2", "inputs.safetensors"), "--example", "1", "--layer", "1");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("‖W_hh‖₂", r.Stdout);
        Assert.Contains("layer 1", r.Stdout);
        Assert.Contains("example 1", r.Stdout);
    }

    [Theory]
    [InlineData("--example", "99")]
    [InlineData("--layer", "1")]
    public void Jacobian_rejects_an_example_or_layer_out_of_range(string option, string value)
    {
        var r = CliProcess.Run("jacobian", "--model", Fixtures.File("dense_tanh_l1", "model.safetensors"), "--inputs", Fixtures.File("dense_tanh_l1", "inputs.safetensors"), option, value);
        CliProcess.AssertUsageError(r, option);
    }

    [Fact]
    public void Jacobian_names_a_missing_inputs_file()
    {
        var r = CliProcess.Run("jacobian", "--model", Fixtures.File("dense_tanh_l1", "model.safetensors"), "--inputs", PathIn("nope.safetensors"));
        CliProcess.AssertUsageError(r, "nope.safetensors");
    }

    [Fact]
    public void Analyse_writes_tables_plots_and_csv_for_the_task_in_the_model()
    {
        string model = PathIn("m.safetensors"), output = PathIn("out");
        var net = RnnClassifier<float>.Create(new RnnConfig(0, 6, 8, 1, 4), seed: 1);
        Checkpoint.Save(net, model, new Dictionary<string, string> { [MetadataKeys.Task] = "temporal-order", [MetadataKeys.Length] = "12" });
        var r = CliProcess.Run("analyse", "--model", model, "--count", "8", "--out", output);
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var text in new[] { "Jacobian-norm profile", "Temporal contribution profile", "σ' distribution", "‖W_hh‖₂", "8 sequences of temporal-order, T = 12" })
            Assert.Contains(text, r.Stdout);
        foreach (var png in new[] { "jacobian.png", "contributions.png", "derivative.png" })
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(Path.Combine(output, png)).Take(4));
        var jacobian = File.ReadAllLines(Path.Combine(output, "jacobian.csv"));
        Assert.StartsWith("lag,sequences,jacobian_norm_mean", jacobian[0]);
        Assert.Equal(1 + 12, jacobian.Length);
        Assert.StartsWith("0,8,1,1,1,1,1,", jacobian[1]);   // lag 0: ∂h_T/∂h_T = I
        Assert.Equal(1 + 12, File.ReadAllLines(Path.Combine(output, "contributions.csv")).Length);
        Assert.Equal(1 + 10, File.ReadAllLines(Path.Combine(output, "derivative.csv")).Length);
    }

    [Fact]
    public void Analyse_reads_a_batch_file_with_exact_norms()
    {
        var r = CliProcess.Run("analyse", "--model", Fixtures.File("dense_relu_l2", "model.safetensors"), "--inputs", Fixtures.File("dense_relu_l2", "inputs.safetensors"),
            "--layer", "1", "--exact", "--out", PathIn("out"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Jacobi SVD", r.Stdout);
        Assert.Contains("inactive", r.Stdout);
    }

    [Theory]
    [InlineData("--inputs INPUTS --task temporal-order", "--inputs")]
    [InlineData("--inputs INPUTS --layer 5", "--layer")]
    [InlineData("--task nonsense", "nonsense")]
    [InlineData("--count 4", "does not fit task 'temporal-order'")]
    public void Analyse_errors_name_the_option(string arguments, string mustMention)
    {
        var args = new List<string> { "analyse", "--model", Fixtures.File("dense_tanh_l1", "model.safetensors"), "--out", PathIn("out") };
        args.AddRange(arguments.Split(' ').Select(a => a == "INPUTS" ? Fixtures.File("dense_tanh_l1", "inputs.safetensors") : a));
        CliProcess.AssertUsageError(CliProcess.Run([.. args]), mustMention);
    }

    [Fact]
    public void Analyse_refuses_a_file_as_output_folder()
    {
        File.WriteAllText(PathIn("file"), "x");
        var r = CliProcess.Run("analyse", "--model", Fixtures.File("dense_tanh_l1", "model.safetensors"), "--inputs", Fixtures.File("dense_tanh_l1", "inputs.safetensors"), "--out", PathIn("file"));
        CliProcess.AssertUsageError(r, "--out");
    }

    [Fact]
    public void Experiment_vanishing_prints_the_rates_and_says_what_the_plot_shows()
    {
        string output = PathIn("vanishing");
        var r = CliProcess.Run("experiment", "vanishing", "--hidden", "8", "--length", "12", "--sequences", "2", "--out", output);
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var text in new[] { "s × orthogonal", "Gaussian, rescaled", "Below 1", "Linear regime", "growth above 1", "1.500" })
            Assert.Contains(text, r.Stdout);
        foreach (var file in new[] { "vanishing.png", "vanishing-loss.png", "vanishing.csv", "vanishing-rates.csv" })
            Assert.True(new FileInfo(Path.Combine(output, file)).Length > 0, file);
        var rates = File.ReadAllLines(Path.Combine(output, "vanishing-rates.csv"));
        Assert.Equal(1 + 3 * 2 * 5, rates.Length);
        var linear = rates.Single(l => l.StartsWith("linear,orthogonal,1.5,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(1.5, double.Parse(linear[5], System.Globalization.CultureInfo.InvariantCulture), 6);
    }

    [Fact]
    public void Experiment_rejects_a_bad_length()
    {
        CliProcess.AssertUsageError(CliProcess.Run("experiment", "vanishing", "--length", "1", "--out", PathIn("v")), "--length");
    }

    [Fact]
    public void Train_track_gradients_writes_a_csv_row_per_epoch_and_a_plot()
    {
        string model = PathIn("t.safetensors");
        var r = CliProcess.Run("train", "--epochs", "2", "--train-size", "128", "--test-size", "64", "--hidden", "8", "--length", "12", "--threads", "1", "--track-gradients", "--out", model);
        Assert.True(r.ExitCode == 0, r.ToString());
        var csv = File.ReadAllLines(PathIn("t.gradients.csv"));
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("epoch,train_loss,validation_loss,train_gradient_norm_mean,probe_loss,probe_gradient_norm,spectral_norm_whh_l0,loss_gradient_norm_lag0", csv[0]);
        Assert.EndsWith("loss_gradient_norm_lag11", csv[0]);
        Assert.StartsWith("1,", csv[1]);
        Assert.True(new FileInfo(PathIn("t.gradients.png")).Length > 0);
        Assert.Contains("t.gradients.png", r.Stdout);
    }

    [Theory]
    [InlineData("jacobian", "--model --inputs --example --layer --json")]
    [InlineData("analyse", "--model --task --length --count --seed --inputs --layer --exact --out")]
    [InlineData("experiment vanishing", "--hidden --length --sequences --seed --out")]
    [InlineData("train", "--track-gradients")]
    public void Help_documents_every_option(string command, string options)
    {
        var r = CliProcess.Run([.. command.Split(' '), "--help"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var option in options.Split(' ')) Assert.Contains(option, r.Stdout);
    }
}
