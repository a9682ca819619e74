using System.CommandLine;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman bench</c>: timings on this machine. One mode per flag, each in its own file: <c>--predict</c>
/// (<see cref="BenchPredict"/>) times inference; a training-step mode can sit next to it.
/// </summary>
static class BenchCommand
{
    public static Command Create()
    {
        var predict = new Option<bool>("--predict") { Description = "Time the forward pass (inference): median over timed runs, per thread count" };
        var batch = new Option<int>("--batch") { Description = "Sequences per forward pass B", DefaultValueFactory = _ => 64 };
        var length = new Option<int>("--length") { Description = "Steps per sequence T", DefaultValueFactory = _ => 100 };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size H", DefaultValueFactory = _ => 256 };
        var layers = new Option<int>("--layers") { Description = "Stacked layers L", DefaultValueFactory = _ => 1 };
        var input = new Option<int>("--input") { Description = "Dense input features D", DefaultValueFactory = _ => 64 };
        var threads = new Option<int[]>("--threads") { Description = "Thread counts to time, e.g. --threads 1 2", DefaultValueFactory = _ => [1, 2], AllowMultipleArgumentsPerToken = true };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of untimed runs first (at least 3 runs), so the JIT has settled", DefaultValueFactory = _ => 0.5 };
        var iterations = new Option<int>("--iterations") { Description = "Timed runs; the median is reported", DefaultValueFactory = _ => 20 };
        var command = new Command("bench", "Time Elman on this machine. --predict: the forward pass of a random model on a random batch (for ONNX Runtime side by side, see bench/Elman.Bench's predict mode).")
        {
            predict, batch, length, hidden, layers, input, threads, warmup, iterations,
        };
        command.SetAction(parse =>
        {
            if (!parse.GetValue(predict))
                throw new ElmanException("elman bench: choose what to time: --predict (the forward pass)");
            var shape = new PredictShape(
                CommonOptions.InRange(parse.GetValue(batch), "--batch", 1, 1_000_000),
                CommonOptions.InRange(parse.GetValue(length), "--length", 1, 1_000_000),
                CommonOptions.InRange(parse.GetValue(hidden), "--hidden", 1, 65_536),
                CommonOptions.InRange(parse.GetValue(layers), "--layers", 1, 64),
                CommonOptions.InRange(parse.GetValue(input), "--input", 1, 65_536),
                Classes: 4);
            var counts = parse.GetValue(threads)!;
            if (counts.Length == 0) throw new ElmanException("--threads needs at least one thread count");
            foreach (int n in counts) CommonOptions.InRange(n, "--threads", 1, 256);
            double warmupSeconds = parse.GetValue(warmup);
            if (!(warmupSeconds is >= 0 and <= 3600)) throw new ElmanException($"--warmup is {warmupSeconds}, expected 0 to 3600 seconds");
            BenchPredict.Run(shape, counts, warmupSeconds,
                CommonOptions.InRange(parse.GetValue(iterations), "--iterations", 1, 1_000_000), Console.Out);
            return CommandRunner.Ok;
        });
        return command;
    }
}
