namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman bench --predict</c>: the median time of Elman's forward pass (logits and probabilities of
/// one batch) on 1 and more threads. The side-by-side run against ONNX Runtime lives in
/// bench/Elman.Bench (<c>predict</c> mode), because the CLI must not depend on a native runtime.
/// </summary>
static class BenchPredict
{
    public static void Run(PredictShape shape, IReadOnlyList<int> threads, double warmupSeconds, int iterations, TextWriter output)
    {
        var (model, batch) = BenchPredictWorkload.Create(shape);
        var timings = threads.Select(n => BenchPredictWorkload.TimeElman(model, batch, n, warmupSeconds, iterations)).ToList();
        output.WriteLine($"forward pass, {shape}; median of {iterations} runs after {warmupSeconds:0.##} s of warm-up");
        output.WriteLine();
        output.Write(BenchPredictWorkload.Table(timings));
        output.WriteLine();
        output.WriteLine($"ONNX Runtime side by side: dotnet run -c Release --project bench/Elman.Bench -- predict --batch {shape.Batch} --length {shape.Length} --hidden {shape.Hidden} --layers {shape.Layers} --input {shape.Input}");
    }
}
