using System.CommandLine;
using Elman.Model;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman bench</c>: timings on this machine, one mode per file: the training step (<see cref="BenchTrain"/>,
/// the default), <c>--predict</c> (<see cref="BenchPredict"/>, inference) and <c>--gemm N</c> (<see cref="BenchGemm"/>).
/// </summary>
static class BenchCommand
{
    public static Command Create()
    {
        var predict = new Option<bool>("--predict") { Description = "Time the forward pass (inference) instead of the training step" };
        var gemm = new Option<int?>("--gemm") { Description = "Time Elman's SGEMM at n × n × n instead (GFLOP/s)" };
        var classes = new Option<int>("--classes") { Description = "Classes C (training step)", DefaultValueFactory = _ => 2 };
        var batch = new Option<int>("--batch") { Description = "Sequences per forward pass B", DefaultValueFactory = _ => 64 };
        var length = new Option<int>("--length") { Description = "Steps per sequence T", DefaultValueFactory = _ => 100 };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size H", DefaultValueFactory = _ => 256 };
        var layers = new Option<int>("--layers") { Description = "Stacked layers L", DefaultValueFactory = _ => 1 };
        var input = new Option<int>("--input") { Description = "Dense input features D", DefaultValueFactory = _ => 64 };
        var threads = new Option<int[]>("--threads") { Description = "Thread counts to time, e.g. --threads 1 2", DefaultValueFactory = _ => [1, 2], AllowMultipleArgumentsPerToken = true };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of untimed runs first (at least 3 runs), so the JIT's tiered compilation has settled", DefaultValueFactory = _ => 2.0 };
        var iterations = new Option<int>("--steps", "--iterations") { Description = "Timed runs (training steps or forward passes); the median is reported", DefaultValueFactory = _ => 20 };
        var command = new Command("bench", "Time Elman on this machine: by default one training step (forward, exact BPTT, SGD) as median ms/step, GFLOP/s and share of Elman's own SGEMM peak, the step ../shared/anchors/torchsharp times for libtorch; --predict: the forward pass (for ONNX Runtime side by side, see bench/Elman.Bench's predict mode); --gemm N: the SGEMM rate.")
        {
            predict, gemm, batch, length, input, hidden, classes, layers, threads, warmup, iterations,
        };
        command.SetAction(parse =>
        {
            var counts = parse.GetValue(threads)!;
            if (counts.Length == 0) throw new ElmanException("--threads needs at least one thread count");
            foreach (int n in counts) CommonOptions.InRange(n, "--threads", 1, 256);
            if (parse.GetValue(gemm) is { } size)
            {
                if (parse.GetValue(predict)) throw new ElmanException("--gemm and --predict time different things: choose one");
                BenchGemm.Run(CommonOptions.InRange(size, "--gemm", 1, 16_384), counts, Console.Out);
                return CommandRunner.Ok;
            }
            var shape = new PredictShape(
                CommonOptions.InRange(parse.GetValue(batch), "--batch", 1, 1_000_000),
                CommonOptions.InRange(parse.GetValue(length), "--length", 1, 1_000_000),
                CommonOptions.InRange(parse.GetValue(hidden), "--hidden", 1, 65_536),
                CommonOptions.InRange(parse.GetValue(layers), "--layers", 1, 64),
                CommonOptions.InRange(parse.GetValue(input), "--input", 1, 65_536),
                Classes: CommonOptions.InRange(parse.GetValue(classes), "--classes", 2, 100_000));
            // Refused before any allocation: B·T·D values and the activations must fit (checked 64-bit sizes).
            MemoryEstimate.EnsureRunFits(new RunFootprint(new RnnConfig(0, shape.Input, shape.Hidden, shape.Layers, shape.Classes),
                shape.Batch, shape.Length, OptimizerBuffers: 0, Members: 1, [new DataSetSize("benchmark batch", shape.Batch, shape.Length, shape.Input)]));
            double warmupSeconds = parse.GetValue(warmup);
            if (!(warmupSeconds is >= 0 and <= 3600)) throw new ElmanException($"--warmup is {warmupSeconds}, expected 0 to 3600 seconds");
            int runs = CommonOptions.InRange(parse.GetValue(iterations), "--steps", 1, 1_000_000);
            if (parse.GetValue(predict)) BenchPredict.Run(shape, counts, warmupSeconds, runs, Console.Out);
            else BenchTrain.Run(shape, counts, warmupSeconds, runs, Console.Out);
            return CommandRunner.Ok;
        });
        return command;
    }
}
