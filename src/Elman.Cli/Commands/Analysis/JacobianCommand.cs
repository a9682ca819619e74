using System.CommandLine;
using System.Globalization;
using System.Text;
using Elman.Analysis;
using Elman.IO;
using Elman.Model;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman jacobian</c>: ‖∂h_t/∂h_i‖₂ at every lag for one sequence of a batch file, with the bounds
/// ∏_{k=i+1..t} ‖diag σ'(z_k)‖₂ ‖W_hh‖₂ and ‖W_hh‖₂^(t-i); exact norms in double precision. With
/// --json it prints the contract other frameworks are checked against.
/// </summary>
static class JacobianCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model(required: true);
        var inputs = new Option<string>("--inputs", "-i") { Description = "Batch (safetensors): x (F32 [B,T,D]) or tokens (I64 [B,T]), lengths (I64 [B]); y is not needed", Required = true };
        var example = new Option<int>("--example") { Description = "Which sequence of the batch (0-based); t is its length", DefaultValueFactory = _ => 0 };
        var layer = new Option<int>("--layer") { Description = "Which recurrent layer (0-based)", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json")
        {
            Description = "Print {\"example\":E,\"spectral_norm_whh\":s,\"lags\":[{\"i\":i,\"lag\":t-i,\"jacobian_norm\":…,\"tight_bound\":…,\"loose_bound\":…},…]} for i = t..1 instead of a table (non-finite numbers as null)",
        };
        var command = new Command("jacobian", "Print ‖∂h_t/∂h_i‖₂ for every lag t - i of one sequence (t = its length) next to the bounds ∏‖diag σ'(z_k)‖₂‖W_hh‖₂ and ‖W_hh‖₂^(t-i); exact spectral norms in double precision.")
        {
            model, inputs, example, layer, json,
        };
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!, inputsPath = parse.GetValue(inputs)!;
            var net = Checkpoint.Load<double>(modelPath).Model;
            var batch = BatchFile.Read<double>(inputsPath, net.Config, requireLabels: false);
            int e = CommonOptions.InRange(parse.GetValue(example), "--example", 0, batch.BatchSize - 1);
            int k = CommonOptions.InRange(parse.GetValue(layer), "--layer", 0, net.Config.NumLayers - 1);
            var trace = SequenceTrace<double>.Record(net, batch)[e];
            var profile = JacobianProfile.Compute(trace, k);
            if (parse.GetValue(json)) Console.Out.WriteLine(ToJson(profile));
            else Print(modelPath, inputsPath, net.Config, trace, profile);
            return CommandRunner.Ok;
        });
        return command;
    }

    /// <summary>The --json contract, numbers in shortest round-trip form.</summary>
    public static string ToJson(JacobianProfile profile)
    {
        var s = new StringBuilder();
        s.Append("{\"example\":").Append(profile.Example).Append(",\"spectral_norm_whh\":").Append(Number(profile.SpectralNormWhh)).Append(",\"lags\":[");
        for (int n = 0; n < profile.Lags.Count; n++)
        {
            var l = profile.Lags[n];
            if (n > 0) s.Append(',');
            s.Append("{\"i\":").Append(l.I).Append(",\"lag\":").Append(l.Lag)
             .Append(",\"jacobian_norm\":").Append(Number(l.JacobianNorm))
             .Append(",\"tight_bound\":").Append(Number(l.TightBound))
             .Append(",\"loose_bound\":").Append(Number(l.LooseBound)).Append('}');
        }
        return s.Append("]}").ToString();
    }

    static string Number(double x) => double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "null";

    static void Print(string modelPath, string inputsPath, RnnConfig config, SequenceTrace<double> trace, JacobianProfile profile)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(modelPath)}[/] {Markup.Escape(config.ToJson())}");
        AnsiConsole.MarkupLine($"{Markup.Escape(inputsPath)}: example {profile.Example}, t = T = {trace.Length}, layer {profile.Layer}, σ = {RnnConfig.NonlinearityName(config.Nonlinearity)}, ‖W_hh‖₂ = [bold]{profile.SpectralNormWhh:G6}[/]");
        var table = new Table().Border(TableBorder.Rounded).Title("∂h_t/∂h_i = ∏_{j=i+1..t} diag(σ'(z_j)) W_hh");
        table.AddColumn(new TableColumn("i").RightAligned());
        table.AddColumn(new TableColumn("lag t-i").RightAligned());
        table.AddColumn(new TableColumn("‖∂h_t/∂h_i‖₂").RightAligned());
        table.AddColumn(new TableColumn("tight bound ∏‖diag σ'‖‖W_hh‖").RightAligned());
        table.AddColumn(new TableColumn("loose bound ‖W_hh‖^(t-i)").RightAligned());
        table.AddColumn(new TableColumn("norm / tight").RightAligned());
        foreach (var l in profile.Lags)
            table.AddRow(l.I.ToString(), l.Lag.ToString(), Numbers.Sci(l.JacobianNorm), Numbers.Sci(l.TightBound), Numbers.Sci(l.LooseBound),
                l.TightBound > 0 ? $"{l.JacobianNorm / l.TightBound:F3}" : "-");
        AnsiConsole.Write(table);
        double rate = GrowthRate.Fit(profile.Lags.Select(l => l.JacobianNorm).ToArray());
        if (double.IsFinite(rate))
            AnsiConsole.MarkupLine($"fitted growth per step: {rate:F4} ({(rate < 1 ? "vanishing" : "growing")}), against ‖W_hh‖₂ = {profile.SpectralNormWhh:F4}");
    }
}
