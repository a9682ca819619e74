using System.Text.Json;
using Elman.Data;
using Elman.Integration.Tests.Onnx;
using Elman.IO;
using Elman.Numerics;
using Elman.Tests.IO;
using Elman.Tests.Support;

namespace Elman.Integration.Tests.Cli;

/// <summary>
/// Numeric sequences end to end through the CLI: train on raw (unscaled, ragged) sequences, evaluate and predict on
/// the same file, export to ONNX; the exported graph standardises raw inputs itself and answers as 'elman predict'.
/// </summary>
public sealed class SequenceFilesTests
{
    const int N = 160, T = 24, D = 3;

    // Two classes told apart by the mean of feature 0, on raw scales far from standardised (offset 500, scale 40).
    static void WriteSequences(string path)
    {
        var random = new SeededRandom(11);
        var x = new float[N * T * D];
        var lengths = new long[N];
        var y = new long[N];
        for (int n = 0; n < N; n++)
        {
            y[n] = n % 2;
            lengths[n] = 8 + (long)(random.NextDouble() * (T - 8));
            for (int t = 0; t < lengths[n]; t++)
                for (int d = 0; d < D; d++)
                    x[(n * T + t) * D + d] = (float)(500 + 40 * random.NextNormal() + (d == 0 && y[n] == 1 ? 60 : 0));
        }
        new SafeTensorsFile([SafeTensor.FromSingle("x", x, N, T, D), SafeTensor.FromInt64("lengths", lengths, N), SafeTensor.FromInt64("y", y, N)]).Write(path);
    }

    [Fact]
    public void Train_eval_predict_and_export_read_raw_sequences_alike()
    {
        using var dir = new TempDirectory();
        WriteSequences(dir.File("seq.safetensors"));
        var train = CliProcess.RunIn(dir.Path, "train", "--data", "seq.safetensors", "--epochs", "4", "--learning-rate", "0.01", "--threads", "1", "--out", "m.safetensors");
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains("standardised", train.Stdout);

        var eval = CliProcess.RunIn(dir.Path, "eval", "--model", "m.safetensors", "--data", "seq.safetensors");
        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Contains($"on {N} sequences", eval.Stdout);

        var analyse = CliProcess.RunIn(dir.Path, "analyse", "--model", "m.safetensors", "--data", "seq.safetensors", "--out", "analysis");
        Assert.True(analyse.ExitCode == 0, analyse.ToString());
        string Loss(string output) => System.Text.RegularExpressions.Regex.Match(output, @"loss (\d+\.\d{4})").Groups[1].Value;
        Assert.Equal(Loss(eval.Stdout), Loss(analyse.Stdout));   // both read the file standardised as the model stores
        Assert.True(File.Exists(dir.File(Path.Combine("analysis", "jacobian.csv"))));

        var predict = CliProcess.RunIn(dir.Path, "predict", "--model", "m.safetensors", "--input", "seq.safetensors", "--json");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        var expected = predict.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(line => JsonDocument.Parse(line).RootElement.GetProperty("probabilities").EnumerateObject().Select(p => (double)p.Value.GetSingle()))
            .ToArray();
        Assert.Equal(N * 2, expected.Length);

        var export = CliProcess.RunIn(dir.Path, "export", "--model", "m.safetensors", "--onnx", "m.onnx");
        Assert.True(export.ExitCode == 0, export.ToString());
        var raw = BatchFile.Read<float>(dir.File("seq.safetensors"), new Model.RnnConfig(0, D, 64, 1, 2));
        using var runner = new OnnxRunner(File.ReadAllBytes(dir.File("m.onnx")));
        var probabilities = runner.Run(raw)["probabilities"].Select(v => (double)v).ToArray();
        Assert.True(Norms.RelativeError(probabilities, expected) <= 1e-5, $"ONNX vs elman predict: {Norms.RelativeError(probabilities, expected):E2}");
    }
}
