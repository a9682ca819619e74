using System.CommandLine;
using Elman.IO;
using Elman.Model;
using Elman.Onnx;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman export</c>: a checkpoint as an ONNX model of standard operators, so it can be deployed on
/// any ONNX runtime. The checkpoint's metadata (class names, task) travels in the ONNX metadata_props.
/// </summary>
static class ExportCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model(required: true);
        var onnx = new Option<string>("--onnx") { Description = "Where to write the ONNX model (atomically: temp file + rename)", Required = true };
        var command = new Command("export", $"Export a model to ONNX (opset {OnnxExporter.Opset}: Gather, RNN, Gemm, Softmax). Inputs 'tokens' (int64 [batch, steps]) or 'x' (float [batch, steps, D]) and 'lengths' (int64 [batch]); outputs 'logits' and 'probabilities' (float [batch, C]), or 'prediction' (float [batch, 1]) for a regression model.")
        {
            model, onnx,
        };
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!, onnxPath = parse.GetValue(onnx)!;
            DistinctFiles.Check([new("--model", modelPath)], [new("--onnx", onnxPath)]);
            OutputPath.Resolve(onnxPath);
            var (net, metadata) = Checkpoint.Load<float>(modelPath);
            // The digest seals the safetensors file's bytes, which the ONNX file does not hold.
            var carried = metadata.Where(p => p.Key is not (Checkpoint.ConfigKey or ContentDigest.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            OnnxExporter.Save(net, onnxPath, carried);
            string input = net.Config.HasEmbedding
                ? $"{OnnxExporter.TokensInput} (int64 [batch, steps])"
                : $"{OnnxExporter.DenseInput} (float [batch, steps, {net.Config.InputSize}])";
            string outputs = net.Config.IsRegression
                ? $"{OnnxExporter.PredictionOutput} (float [batch, 1])"
                : $"{OnnxExporter.LogitsOutput}, {OnnxExporter.ProbabilitiesOutput} (float [batch, {net.Config.NumClasses}])";
            Console.WriteLine($"wrote {onnxPath}: ONNX opset {OnnxExporter.Opset}, {new FileInfo(onnxPath).Length:N0} bytes; inputs {input}, {OnnxExporter.LengthsInput} (int64 [batch]); outputs {outputs}");
            return CommandRunner.Ok;
        });
        return command;
    }
}
