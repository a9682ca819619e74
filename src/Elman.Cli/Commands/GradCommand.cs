using System.CommandLine;
using Elman.IO;
using Elman.Model;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman grad</c>: one forward and backward pass on a given batch, no update; writes the gradient of
/// the mean loss for every parameter under its PyTorch name, plus "loss" (F32 [1]). This is the
/// contract by which Elman is checked against other frameworks.
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
        var threads = CommonOptions.Threads();
        var command = new Command("grad", "Compute the gradient of the mean cross-entropy on one batch (no update) and write it as safetensors under PyTorch's parameter names.")
        {
            model, inputs, output, precision, threads,
        };
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!, inputsPath = parse.GetValue(inputs)!, outPath = parse.GetValue(output)!;
            DistinctFiles.Check([new("--model", modelPath), new("--inputs", inputsPath)], [new("--out", outPath)]);
            OutputPath.Resolve(outPath);
            using var pool = CommonOptions.CreatePool(parse.GetValue(threads));
            var file = parse.GetValue(precision) == "double"
                ? Compute<double>(modelPath, inputsPath, pool)
                : Compute<float>(modelPath, inputsPath, pool);
            file.Write(outPath);
            Console.WriteLine($"wrote {outPath}: loss {file["loss"].ToSingleArray()[0]:G9}, {file.Tensors.Count - 1} gradient tensors");
            return CommandRunner.Ok;
        });
        return command;
    }

    static SafeTensorsFile Compute<T>(string modelPath, string inputsPath, Numerics.WorkerPool pool)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var net = Checkpoint.Load<T>(modelPath).Model;
        net.Pool = pool;
        var batch = BatchFile.Read<T>(inputsPath, net.Config);
        T loss = net.ComputeGradients(batch);
        var tensors = net.Layout.Tensors
            .Select(info => FloatingTensors.ToSingle<T>(info.Name, net.Gradients[info], info.Shape.Select(s => (long)s).ToArray()))
            .Append(SafeTensor.FromSingle("loss", [float.CreateChecked(loss)], 1));
        return new SafeTensorsFile(tensors);
    }
}
