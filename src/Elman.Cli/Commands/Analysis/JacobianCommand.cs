using System.CommandLine;
using System.Globalization;
using System.Text;
using Elman.Analysis;
using Elman.IO;
using Elman.Model;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman jacobian</c>: ‖∂h_t/∂h_i‖₂ at every lag for one sequence of a batch file or one text, in one
/// layer and direction, with the bounds ∏ ‖diag σ'(z_k)‖₂ ‖W_hh‖₂ and ‖W_hh‖₂^lag; exact norms in double
/// precision. Forward: t = T, i = T..1, lag t - i. Reverse: t = 1, i = 1..T, lag i - t. With --json it
/// prints the contract other frameworks are checked against.
/// </summary>
static class JacobianCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model(required: true);
        var inputs = new Option<string?>("--inputs", "-i") { Description = "Batch (safetensors): x (F32 [B,T,D]) or tokens (I64 [B,T]), lengths (I64 [B]); y is not needed" };
        var text = new Option<string?>("--text") { Description = "Instead of --inputs: one text, for a model trained on text (tokenized with the checkpoint's tokenizer)" };
        var example = new Option<int>("--example") { Description = "Which sequence of the batch (0-based); T is its length", DefaultValueFactory = _ => 0 };
        var selection = new AnalysisSelection("0", "forward");
        var json = new Option<bool>("--json")
        {
            Description = "Print {\"example\":E,\"spectral_norm_whh\":s,\"lags\":[{\"i\":i,\"lag\":…,\"jacobian_norm\":…,\"tight_bound\":…,\"loose_bound\":…},…],\"layer\":k,\"direction\":\"forward\"|\"reverse\"} (lag 0 first) instead of a table (non-finite numbers as null)",
        };
        var command = new Command("jacobian", "Print ‖∂h_t/∂h_i‖₂ for every lag of one sequence (forward: t = T, lag T - i; reverse: t = 1, lag i - 1) next to the bounds ∏‖diag σ'(z_k)‖₂‖W_hh‖₂ and ‖W_hh‖₂^lag; exact spectral norms in double precision.")
        {
            model, inputs, text, example, json,
        };
        foreach (var option in selection.Options) command.Add(option);
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!;
            var loaded = Checkpoint.Load<double>(modelPath);
            var net = loaded.Model;
            string source;
            Data.SequenceBatch<double> batch;
            AnalysedText? analysed = null;
            if (parse.GetValue(text) is { } raw)
            {
                if (parse.GetValue(inputs) is not null) throw new ElmanException("--text and --inputs exclude each other: give one text or one batch file");
                if (parse.GetResult(example) is { Implicit: false }) throw new ElmanException("--example applies to --inputs only: --text is one sequence");
                IReadOnlyList<AnalysedText> texts;
                (batch, texts, _) = TextInputs.Encode(loaded, modelPath, [raw], label: null);
                analysed = texts[0];
                source = $"“{raw}”";
            }
            else
            {
                source = parse.GetValue(inputs) ?? throw new ElmanException("no sequence: give --inputs FILE (a batch) or --text TEXT");
                batch = BatchFile.Read<double>(source, net.Config, requireLabels: false);
            }
            int e = CommonOptions.InRange(parse.GetValue(example), "--example", 0, batch.BatchSize - 1);
            int k = selection.Layers(parse, net.Config, all: false)[0];
            var d = selection.Directions(parse, net.Config, all: false)[0];
            var trace = SequenceTrace<double>.Record(net, batch)[e];
            var profile = JacobianProfile.Compute(trace, k, direction: d);
            if (parse.GetValue(json)) Console.Out.WriteLine(ToJson(profile));
            else Print(modelPath, source, net.Config, trace, profile, analysed);
            return CommandRunner.Ok;
        });
        return command;
    }

    /// <summary>The --json contract, numbers in shortest round-trip form: the original fields, then "layer" and "direction".</summary>
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
        s.Append("],\"layer\":").Append(profile.Layer).Append(",\"direction\":\"").Append(profile.Direction.Name()).Append("\"}");
        return s.ToString();
    }

    static string Number(double x) => double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "null";

    static void Print(string modelPath, string source, RnnConfig config, SequenceTrace<double> trace, JacobianProfile profile, AnalysedText? text)
    {
        bool forward = profile.Direction == Direction.Forward;
        string t = profile.End.ToString(CultureInfo.InvariantCulture);
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(modelPath)}[/] {Markup.Escape(config.ToJson())}");
        AnsiConsole.MarkupLine(Markup.Escape($"{source}: example {profile.Example}, T = {trace.Length}, layer {profile.Layer}, {profile.Direction.Name()} direction (t = {t}), σ = {RnnConfig.NonlinearityName(config.Nonlinearity)}, ‖W_hh‖₂ = ") + $"[bold]{profile.SpectralNormWhh:G6}[/]");
        string title = forward
            ? $"∂h_{t}/∂h_i = ∏_{{j=i+1..{t}}} diag(σ'(z_j)) W_hh"
            : $"reverse: ∂h_{t}/∂h_i = ∏_{{j={t}..i-1}} diag(σ'(z_j)) W_hh_reverse (the reverse direction reads x_T..x_1)";
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        table.AddColumn(new TableColumn("i").RightAligned());
        if (text is not null) table.AddColumn("token");
        table.AddColumn(new TableColumn(forward ? "lag t-i" : "lag i-t").RightAligned());
        table.AddColumn(new TableColumn("‖∂h_t/∂h_i‖₂").RightAligned());
        table.AddColumn(new TableColumn("tight bound ∏‖diag σ'‖‖W_hh‖").RightAligned());
        table.AddColumn(new TableColumn("loose bound ‖W_hh‖^lag").RightAligned());
        table.AddColumn(new TableColumn("norm / tight").RightAligned());
        foreach (var l in profile.Lags)
        {
            var row = new List<string> { l.I.ToString() };
            if (text is not null) row.Add(Markup.Escape(text.Display(l.I)));
            row.AddRange([l.Lag.ToString(), Numbers.Sci(l.JacobianNorm), Numbers.Sci(l.TightBound), Numbers.Sci(l.LooseBound), l.TightBound > 0 ? $"{l.JacobianNorm / l.TightBound:F3}" : "-"]);
            table.AddRow(row.ToArray());
        }
        AnsiConsole.Write(table);
        double rate = GrowthRate.Fit(profile.Lags.Select(l => l.JacobianNorm).ToArray());
        if (double.IsFinite(rate))
            AnsiConsole.MarkupLine($"fitted growth per step: {rate:F4} ({(rate < 1 ? "vanishing" : "growing")}), against ‖W_hh‖₂ = {profile.SpectralNormWhh:F4}");
    }
}
