using System.CommandLine;
using Elman.IO;
using Elman.Model;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman grad</c>: one forward and backward pass on a given batch, no update; writes the gradient of
/// the mean loss for every parameter under its PyTorch name, plus "loss" (F32 [1]). This is the
/// contract by which Elman is checked against other frameworks. With class weights the loss is PyTorch's
/// <c>CrossEntropyLoss(weight=w)</c>: Σ_b w_{y_b} ℓ_b / Σ_b w_{y_b}.
/// </summary>
static class GradCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model(required: true);
        var inputs = new Option<string>("--inputs", "-i") { Description = "Batch (safetensors): x (F32 [B,T,D]) or tokens (I64 [B,T]), lengths (I64 [B]), y (I64 [B])", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Where to write the gradients (safetensors, F32, PyTorch names, plus 'loss' [1])", Required = true };
        var precision = new Option<string>("--precision") { Description = "Arithmetic of the pass: float (the training path) or double (for reference checks); the file is F32 either way", DefaultValueFactory = _ => "float" };
        precision.AcceptOnlyFromAmong("float", "double");
        var classWeights = new Option<string?>("--class-weights") { Description = "Weigh the cross-entropy by one weight per class, comma-separated, e.g. 1,2.5,0.5: PyTorch's CrossEntropyLoss(weight=w), whose mean is Σ w_y ℓ / Σ w_y (default: unweighted)" };
        var threads = CommonOptions.Threads();
        var command = new Command("grad", "Compute the gradient of the mean cross-entropy on one batch (no update) and write it as safetensors under PyTorch's parameter names.")
        {
            model, inputs, output, precision, classWeights, threads,
        };
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!, inputsPath = parse.GetValue(inputs)!, outPath = parse.GetValue(output)!;
            DistinctFiles.Check([new("--model", modelPath), new("--inputs", inputsPath)], [new("--out", outPath)]);
            OutputPath.Resolve(outPath);
            using var pool = CommonOptions.CreatePool(parse.GetValue(threads));
            var weights = parse.GetValue(classWeights) is { } text ? ParseWeights(text) : null;
            var file = parse.GetValue(precision) == "double"
                ? Compute<double>(modelPath, inputsPath, weights, pool)
                : Compute<float>(modelPath, inputsPath, weights, pool);
            file.Write(outPath);
            Console.WriteLine($"wrote {outPath}: loss {file["loss"].ToSingleArray()[0]:G9}, {file.Tensors.Count - 1} gradient tensors");
            return CommandRunner.Ok;
        });
        return command;
    }

    static SafeTensorsFile Compute<T>(string modelPath, string inputsPath, double[]? classWeights, Numerics.WorkerPool pool)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var net = Checkpoint.Load<T>(modelPath).Model;
        net.Pool = pool;
        if (classWeights is not null)
        {
            if (net.Config.IsRegression) throw new ElmanException($"--class-weights: {modelPath} has a regression head, whose loss (mean squared error) has no classes");
            if (classWeights.Length != net.Config.NumClasses)
                throw new ElmanException($"--class-weights has {classWeights.Length} weights, but {modelPath} has {net.Config.NumClasses} classes");
            net.ClassWeights = classWeights.Select(T.CreateChecked).ToArray();
        }
        var batch = BatchFile.Read<T>(inputsPath, net.Config);
        T loss = net.ComputeGradients(batch);
        var tensors = net.Layout.Tensors
            .Select(info => FloatingTensors.ToSingle<T>(info.Name, net.Gradients[info], info.Shape.Select(s => (long)s).ToArray()))
            .Append(SafeTensor.FromSingle("loss", [float.CreateChecked(loss)], 1));
        return new SafeTensorsFile(tensors);
    }

    // "1, 2.5,0.5" → [1, 2.5, 0.5]: finite weights ≥ 0, as PyTorch's weight tensor takes them.
    static double[] ParseWeights(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var weights = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out weights[i]) || !double.IsFinite(weights[i]) || weights[i] < 0)
                throw new ElmanException($"--class-weights: '{parts[i]}' (weight {i + 1}) is not a finite number ≥ 0; expected comma-separated weights, one per class");
        return weights;
    }
}
