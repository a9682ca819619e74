using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Elman.Analysis;
using Elman.Data;
using Elman.Data.Text;
using Elman.IO;
using Elman.Model;
using Elman.Tests.Analysis;
using Elman.Tests.Support;
using Elman.Layers;

namespace Elman.Tests.Cli;

/// <summary>elman jacobian, analyse, experiment vanishing and train --track-gradients, run as a child process.</summary>
public sealed class AnalysisCliTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("elman-analysis-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string PathIn(string name) => Path.Combine(_dir, name);

    static readonly Regex JsonShape = new(
        @"^\{""example"":\d+,""spectral_norm_whh"":[-0-9.Ee+]+,""lags"":\[(\{""i"":\d+,""lag"":\d+,""jacobian_norm"":[-0-9.Ee+]+,""tight_bound"":[-0-9.Ee+]+,""loose_bound"":[-0-9.Ee+]+\},?)+\],""layer"":\d+,""direction"":""(forward|reverse)""\}$");

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

    /// <summary>A bidirectional model with a char vocabulary a–e and two named classes, saved as a text model would be.</summary>
    string TextModel(int layers = 1)
    {
        string path = PathIn($"text{layers}.safetensors");
        var net = RnnClassifier<float>.Create(new RnnConfig(7, 4, 5, layers, 2, Nonlinearity.Tanh, Bidirectional: true), seed: 3);
        var metadata = new Dictionary<string, string> { [MetadataKeys.ClassNames] = "[\"no\",\"yes\"]" };
        new TextEncoder(new Tokenizer(TokenizerKind.Char), Vocabulary.FromTokens(["a", "b", "c", "d", "e"]), 32).WriteTo(metadata);
        Checkpoint.Save(net, path, metadata);
        return path;
    }

    /// <summary>A bidirectional dense model of <paramref name="layers"/> layers for the task temporal-order (D = 6, C = 4), T = 10.</summary>
    string BidirectionalModel(int layers)
    {
        string path = PathIn($"bi{layers}.safetensors");
        var net = RnnClassifier<float>.Create(new RnnConfig(0, 6, 5, layers, 4, Nonlinearity.Tanh, Bidirectional: true), seed: 2);
        Checkpoint.Save(net, path, new Dictionary<string, string> { [MetadataKeys.Task] = "temporal-order", [MetadataKeys.Length] = "10" });
        return path;
    }

    [Theory]
    [InlineData("forward", 1)]
    [InlineData("reverse", 1)]
    [InlineData("reverse", 0)]
    public void Jacobian_json_of_a_bidirectional_model_names_its_direction_and_layer(string direction, int layer)
    {
        string model = BidirectionalModel(2);
        var r = CliProcess.Run("jacobian", "--model", model, "--text", "x", "--json");
        CliProcess.AssertUsageError(r, "vocabulary");
        var batch = RandomModels.Batch<float>(new ModelCase(0, 6, 5, 2, 3, 7, 4, Nonlinearity.Tanh, true, 5), 9);
        string inputs = PathIn("bi.inputs.safetensors");
        BatchFile.Write(inputs, batch);
        r = CliProcess.Run("jacobian", "--model", model, "--inputs", inputs, "--example", "1", "--layer", layer.ToString(CultureInfo.InvariantCulture), "--direction", direction, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        string json = r.Stdout.Trim();
        Assert.Matches(JsonShape, json);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(direction, document.RootElement.GetProperty("direction").GetString());
        Assert.Equal(layer, document.RootElement.GetProperty("layer").GetInt32());
        var d = direction == "reverse" ? Direction.Reverse : Direction.Forward;
        var net = Checkpoint.Load<double>(model).Model;
        var trace = SequenceTrace<double>.Record(net, BatchFile.Read<double>(inputs, net.Config, requireLabels: false))[1];
        var expected = JacobianProfile.Compute(trace, layer, direction: d);
        var lags = document.RootElement.GetProperty("lags").EnumerateArray().ToList();
        Assert.Equal(trace.Length, lags.Count);
        for (int n = 0; n < lags.Count; n++)
        {
            // Reverse: i = 1, 2, …, T and lag i - 1; forward: i = T, T-1, …, 1 and lag T - i.
            Assert.Equal(d == Direction.Reverse ? 1 + n : trace.Length - n, lags[n].GetProperty("i").GetInt32());
            Assert.Equal(n, lags[n].GetProperty("lag").GetInt32());
            Assert.Equal(expected.Lags[n].JacobianNorm, lags[n].GetProperty("jacobian_norm").GetDouble(), 12);
            Assert.Equal(expected.Lags[n].TightBound, lags[n].GetProperty("tight_bound").GetDouble(), 12);
        }
    }

    [Fact]
    public void Jacobian_refuses_the_reverse_direction_of_a_unidirectional_model()
    {
        var r = CliProcess.Run("jacobian", "--model", Fixtures.File("dense_tanh_l1", "model.safetensors"), "--inputs", Fixtures.File("dense_tanh_l1", "inputs.safetensors"), "--direction", "reverse");
        CliProcess.AssertUsageError(r, "--direction");
    }

    [Fact]
    public void Analyse_shows_every_layer_and_both_directions_of_a_bidirectional_stack()
    {
        string output = PathIn("bi");
        var r = CliProcess.Run("analyse", "--model", BidirectionalModel(2), "--count", "6", "--out", output);
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var text in new[] { "layer 0, forward", "layer 0, reverse", "layer 1, forward", "layer 1, reverse", "lag i − 1", "lags the gradient of W_hh comes from" })
            Assert.Contains(text, r.Stdout);
        foreach (var suffix in new[] { "", "-reverse", "-l1", "-l1-reverse" })
        {
            Assert.True(new FileInfo(Path.Combine(output, $"jacobian{suffix}.png")).Length > 0, suffix);
            var csv = File.ReadAllLines(Path.Combine(output, $"jacobian{suffix}.csv"));
            Assert.Equal(1 + 10, csv.Length);
            Assert.StartsWith("0,6,1,1,1,1,1,", csv[1]);
        }
        var selected = CliProcess.Run("analyse", "--model", BidirectionalModel(2), "--count", "6", "--layer", "1", "--direction", "reverse", "--out", PathIn("sel"));
        Assert.True(selected.ExitCode == 0, selected.ToString());
        Assert.Contains("layer 1, reverse", selected.Stdout);
        Assert.DoesNotContain("layer 0, forward", selected.Stdout);
        Assert.Equal(["contributions-l1-reverse.csv", "contributions-l1-reverse.png", "derivative-l1-reverse.csv", "derivative-l1-reverse.png", "jacobian-l1-reverse.csv", "jacobian-l1-reverse.png"],
            Directory.GetFiles(PathIn("sel")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Analyse_one_text_gives_per_token_numbers_that_match_the_library()
    {
        string model = TextModel(), output = PathIn("tok");
        var r = CliProcess.Run("analyse", "--model", model, "--text", "Bad cafe", "--label", "yes", "--exact", "--out", output);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("“Bad cafe”", r.Stdout);
        Assert.Contains("-log p[yes]", r.Stdout);
        Assert.Contains("f?", r.Stdout);   // f is not in the vocabulary
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(Path.Combine(output, "tokens.png")).Take(4));
        var csv = File.ReadAllLines(Path.Combine(output, "tokens.csv"));
        Assert.StartsWith("i,token,input_gradient_norm,contribution_norm_l0_forward,jacobian_norm_l0_forward,tight_bound_l0_forward,loose_bound_l0_forward,loss_gradient_norm_l0_forward,contribution_norm_l0_reverse", csv[0]);
        Assert.Equal(1 + 8, csv.Length);   // b a d ␠ c a f e: the char tokenizer keeps the space

        // The same text through the library: tokens "bad cafe" lowercased, label 1 ("yes").
        var net = Checkpoint.Load<double>(model).Model;
        var encoder = TextEncoder.ReadFrom(Checkpoint.Load<double>(model).Metadata, net.Config, model);
        var ids = encoder.Encode("Bad cafe");
        var trace = SequenceTrace<double>.Record(net, SequenceBatch<double>.FromTokens(ids, 1, ids.Length, new[] { ids.Length }, new[] { 1 }))[0];
        var dx = InputGradients<double>.Compute(trace);
        var forward = StepProfile.Compute(trace, 0, Direction.Forward);
        var reverse = StepProfile.Compute(trace, 0, Direction.Reverse);
        for (int i = 1; i <= 8; i++)
        {
            var f = csv[i].Split(',');
            Assert.Equal(i, int.Parse(f[0], CultureInfo.InvariantCulture));
            double V(int column) => double.Parse(f[column], CultureInfo.InvariantCulture);
            Assert.Equal(dx.Norm(i), V(2), 12);
            Assert.Equal(forward.ContributionNorms[i - 1], V(3), 12);
            Assert.Equal(forward.JacobianNorms[i - 1], V(4), 12);
            Assert.Equal(reverse.ContributionNorms[i - 1], V(8), 12);
            Assert.Equal(reverse.JacobianNorms[i - 1], V(9), 12);
        }
        Assert.Equal(1.0, double.Parse(csv[8].Split(',')[4], CultureInfo.InvariantCulture));   // forward lag 0 at i = T
        Assert.Equal(1.0, double.Parse(csv[1].Split(',')[9], CultureInfo.InvariantCulture));   // reverse lag 0 at i = 1
    }

    [Fact]
    public void Analyse_several_texts_summarises_by_lag_and_jacobian_reads_text()
    {
        string model = TextModel(layers: 2), file = PathIn("texts.txt");
        File.WriteAllLines(file, ["abc", "deed", "a", "cab bad"]);
        var r = CliProcess.Run("analyse", "--model", model, "--input", file, "--text", "bee", "--out", PathIn("many"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("5 texts", r.Stdout);
        Assert.Contains("layer 1, reverse", r.Stdout);
        Assert.Equal(1 + 7, File.ReadAllLines(Path.Combine(PathIn("many"), "jacobian-l1-reverse.csv")).Length);

        var j = CliProcess.Run("jacobian", "--model", model, "--text", "cab", "--direction", "reverse", "--layer", "1");
        Assert.True(j.ExitCode == 0, j.ToString());
        Assert.Contains("reverse", j.Stdout);
        Assert.Contains("token", j.Stdout);
    }

    [Fact]
    public void Analyse_labelled_texts_takes_each_texts_own_label()
    {
        string model = TextModel(), file = PathIn("labelled.csv");
        File.WriteAllLines(file, ["text,label", "abc,yes", "deed,no", "cab,no"]);
        var r = CliProcess.Run("analyse", "--model", model, "--data", file, "--out", PathIn("labelled"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"3 texts of {file}", r.Stdout);
        Assert.DoesNotContain("labels = predicted classes", r.Stdout);

        File.WriteAllLines(file, ["text,label", "abc,maybe"]);
        CliProcess.AssertUsageError(CliProcess.Run("analyse", "--model", model, "--data", file, "--out", PathIn("labelled")), "'maybe'");
        // The model was not trained on a known corpus, so it has no test split to recreate.
        CliProcess.AssertUsageError(CliProcess.Run("analyse", "--model", model, "--dataset", "--out", PathIn("labelled")), "--data FILE");
    }

    [Theory]
    [InlineData("--text abc --label maybe", "--label")]
    [InlineData("--text abc --count 4", "exclude each other")]
    [InlineData("--label yes", "--label")]
    [InlineData("--text abc --layer 3", "--layer")]
    [InlineData("--text abc --dataset names", "exclude --text")]
    public void Analyse_text_errors_name_the_option(string arguments, string mustMention)
    {
        var args = new List<string> { "analyse", "--model", TextModel(), "--out", PathIn("out") };
        args.AddRange(arguments.Split(' '));
        CliProcess.AssertUsageError(CliProcess.Run([.. args]), mustMention);
    }

    [Fact]
    public void Train_track_gradients_works_on_a_bidirectional_stack()
    {
        string model = PathIn("b.safetensors");
        var r = CliProcess.Run("train", "--epochs", "1", "--train-size", "64", "--test-size", "32", "--hidden", "6", "--length", "10", "--layers", "2", "--bidirectional", "--threads", "1", "--track-gradients", "--out", model);
        Assert.True(r.ExitCode == 0, r.ToString());
        var csv = File.ReadAllLines(PathIn("b.gradients.csv"));
        Assert.Equal(2, csv.Length);
        Assert.Contains("spectral_norm_whh_l1_reverse,loss_gradient_norm_reverse_lag0", csv[0]);
        Assert.EndsWith("loss_gradient_norm_reverse_lag9", csv[0]);
        Assert.Equal(csv[0].Split(',').Length, csv[1].Split(',').Length);
        Assert.True(new FileInfo(PathIn("b.gradients.png")).Length > 0);
    }

    [Theory]
    [InlineData("jacobian", "--model --inputs --text --example --layer --direction --json")]
    [InlineData("analyse", "--model --task --length --count --seed --inputs --text --input --label --layer --direction --exact --out")]
    [InlineData("experiment vanishing", "--hidden --length --sequences --seed --out")]
    [InlineData("train", "--track-gradients")]
    public void Help_documents_every_option(string command, string options)
    {
        var r = CliProcess.Run([.. command.Split(' '), "--help"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var option in options.Split(' ')) Assert.Contains(option, r.Stdout);
    }
}
