using System.Globalization;
using Elman.Cli.Commands;
using Elman.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Elman.Bench.Inference;

/// <summary>
/// <c>predict</c> mode: Elman's forward pass and the same model exported to ONNX, run in ONNX Runtime,
/// in one process on the same batch, each on 1 and 2 threads; prints medians and the ratio. Lives here
/// rather than in the CLI because ONNX Runtime is a native dependency the CLI must not have.
/// </summary>
static class PredictComparison
{
    const string Usage = "usage: predict [--batch 64] [--length 100] [--hidden 256] [--layers 1] [--input 64] [--threads 1,2] [--warmup 2] [--iterations 20]";

    public static int Run(string[] args)
    {
        Dictionary<string, string> options;
        try { options = Parse(args); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"predict: {e.Message}\n{Usage}");
            return 2;
        }
        int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var shape = new PredictShape(Int("batch", 64), Int("length", 100), Int("hidden", 256), Int("layers", 1), Int("input", 64), Classes: 4);
        int[] threads = options.TryGetValue("threads", out var t) ? [.. t.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] : [1, 2];
        double warmup = options.TryGetValue("warmup", out var w) ? double.Parse(w, CultureInfo.InvariantCulture) : 2.0;
        int iterations = Int("iterations", 20);

        var (model, batch) = BenchPredictWorkload.Create(shape);
        using var onnx = new OnnxForward(OnnxExporter.ToBytes(model), batch);
        Console.WriteLine($"forward pass, {shape}; median of {iterations} runs after {warmup:0.##} s of warm-up; ONNX Runtime {OrtEnv.Instance().GetVersionString()}, opset {OnnxExporter.Opset}");
        Console.WriteLine($"{Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}");

        // Same numbers first: a benchmark of two engines that disagree would compare nothing.
        model.Forward(batch);
        double error = onnx.MaxRelativeDifference(model.Logits);
        Console.WriteLine($"max |logit difference| / max |logit| between the engines: {error:E2}");
        Console.WriteLine();

        var timings = new List<PredictTiming>();
        foreach (int n in threads)
        {
            timings.Add(BenchPredictWorkload.TimeElman(model, batch, n, warmup, iterations));
            timings.Add(onnx.Time(n, warmup, iterations));
        }
        Console.Write(BenchPredictWorkload.Table(timings));
        return error <= 1e-4 ? 0 : 1;
    }

    static Dictionary<string, string> Parse(string[] args)
    {
        var known = new HashSet<string> { "batch", "length", "hidden", "layers", "input", "threads", "warmup", "iterations" };
        var options = new Dictionary<string, string>();
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || !known.Contains(args[i][2..]))
                throw new ArgumentException($"unknown option '{args[i]}'");
            if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value");
            options[args[i][2..]] = args[i + 1];
        }
        return options;
    }

    /// <summary>An ONNX Runtime session per thread count over inputs bound once, so a timed run is only Run.</summary>
    sealed class OnnxForward : IDisposable
    {
        readonly byte[] _model;
        readonly OrtValue _x, _lengths;
        readonly string[] _inputNames = [OnnxExporter.DenseInput, OnnxExporter.LengthsInput];
        readonly string[] _outputNames = [OnnxExporter.LogitsOutput, OnnxExporter.ProbabilitiesOutput];
        readonly int _batch;

        public OnnxForward(byte[] model, Elman.Data.SequenceBatch<float> batch)
        {
            _model = model;
            _batch = batch.BatchSize;
            _x = OrtValue.CreateTensorValueFromMemory(batch.X.ToArray(), [batch.BatchSize, batch.Steps, batch.InputSize]);
            _lengths = OrtValue.CreateTensorValueFromMemory(batch.Lengths.ToArray().Select(l => (long)l).ToArray(), [batch.BatchSize]);
        }

        InferenceSession Session(int threads)
        {
            using var options = new SessionOptions
            {
                IntraOpNumThreads = threads,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            return new InferenceSession(_model, options);
        }

        public double MaxRelativeDifference(ReadOnlySpan<float> elmanLogits)
        {
            using var session = Session(1);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, _inputNames, [_x, _lengths], _outputNames);
            var logits = outputs[0].GetTensorDataAsSpan<float>();
            double diff = 0, scale = 0;
            for (int i = 0; i < logits.Length; i++)
            {
                diff = Math.Max(diff, Math.Abs(logits[i] - elmanLogits[i]));
                scale = Math.Max(scale, Math.Abs(elmanLogits[i]));
            }
            return diff / Math.Max(scale, 1e-30);
        }

        public PredictTiming Time(int threads, double warmupSeconds, int iterations)
        {
            using var session = Session(threads);
            using var runOptions = new RunOptions();
            OrtValue[] inputs = [_x, _lengths];
            return BenchPredictWorkload.Time("ONNX Runtime", threads, _batch, () =>
            {
                using var outputs = session.Run(runOptions, _inputNames, inputs, _outputNames);
            }, warmupSeconds, iterations);
        }

        public void Dispose()
        {
            _x.Dispose();
            _lengths.Dispose();
        }
    }
}
