using System.CommandLine;
using Elman.Analysis;
using Elman.Model;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman analyse</c>: gradient flow through a trained model on real inputs: the Jacobian-norm
/// profile with both bounds, the temporal contribution profile of ∂ℓ/∂W_hh, ‖W_hh‖₂ and the σ'
/// distribution, as tables, PNG plots (log-scale y) and CSV files.
/// </summary>
static class AnalyseCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model(required: true);
        var data = new AnalysisData();
        var layer = new Option<int>("--layer") { Description = "Which recurrent layer (0-based)", DefaultValueFactory = _ => 0 };
        var exact = new Option<bool>("--exact") { Description = "Exact spectral norms (Jacobi SVD) instead of power iteration to 1e-6 relative; slower for large H" };
        var output = new Option<string>("--out", "-o") { Description = "Folder for jacobian.png, contributions.png, derivative.png and their CSV files (created if missing)", DefaultValueFactory = _ => "analysis" };
        var command = new Command("analyse", "Analyse gradient flow through a trained model on real inputs: ‖∂h_T/∂h_i‖₂ against lag with its bounds, the temporal contribution profile of ∂ℓ/∂W_hh, ‖W_hh‖₂ and the σ' distribution (saturation); tables, PNG plots and CSV.")
        {
            model, layer, exact, output,
        };
        foreach (var option in data.Options) command.Add(option);
        command.Aliases.Add("analyze");
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!;
            var loaded = Checkpoint.Load<double>(modelPath);
            var net = loaded.Model;
            int k = CommonOptions.InRange(parse.GetValue(layer), "--layer", 0, net.Config.NumLayers - 1);
            var (batch, description) = data.Load(parse, modelPath, loaded);
            string folder = OutputFolder.Prepare(parse.GetValue(output)!, "--out");
            var traces = SequenceTrace<double>.Record(net, batch);
            var report = GradientFlowReport.Compute(net, traces, k, parse.GetValue(exact) ? NormMethod.Exact : NormMethod.PowerIteration);

            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(modelPath)}[/] {Markup.Escape(net.Config.ToJson())}");
            AnsiConsole.MarkupLine($"{Markup.Escape(description)}: loss {net.Loss:F4}, accuracy {Accuracy(traces):P1}");
            report.Print();
            foreach (var path in report.Write(folder)) AnsiConsole.MarkupLine($"wrote {Markup.Escape(path)}");
            return CommandRunner.Ok;
        });
        return command;
    }

    static double Accuracy(IReadOnlyList<SequenceTrace<double>> traces)
        => traces.Count(t => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(t.Probabilities) == t.Label) / (double)traces.Count;
}
