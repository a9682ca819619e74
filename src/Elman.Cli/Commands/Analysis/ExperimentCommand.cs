using System.CommandLine;
using Elman.Analysis;
using Elman.Cli.Plots;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary><c>elman experiment</c>: small, seeded experiments that reproduce a result on one screen.</summary>
static class ExperimentCommand
{
    public static Command Create() => new("experiment", "Run a seeded experiment from the RNN literature, with a table, plots and CSV: vanishing (seconds) or long-range (minutes to hours).")
    {
        Vanishing(),
        LongRangeCommand.Create(),
    };

    static Command Vanishing()
    {
        var defaults = new VanishingExperimentOptions();
        var hidden = new Option<int>("--hidden") { Description = "Hidden size H", DefaultValueFactory = _ => defaults.Hidden };
        var length = new Option<int>("--length") { Description = "Sequence length T: lags 0..T-1", DefaultValueFactory = _ => defaults.Length };
        var sequences = new Option<int>("--sequences") { Description = "Random input sequences averaged over per setting", DefaultValueFactory = _ => defaults.Sequences };
        var seed = new Option<ulong>("--seed") { Description = "Seed for W_hh, W_ih, the inputs and the labels", DefaultValueFactory = _ => 0UL };
        var output = new Option<string>("--out", "-o") { Description = "Folder for vanishing.png, vanishing-loss.png, vanishing.csv and vanishing-rates.csv (created if missing)", DefaultValueFactory = _ => "experiment-vanishing" };
        var command = new Command("vanishing", $"Set ‖W_hh‖₂ to exactly {string.Join(", ", defaults.Scales)} (Gaussian W_hh rescaled, and s × orthogonal) and average ‖∂h_T/∂h_i‖₂ and ‖∂ℓ/∂h_i‖₂ against lag over random inputs, in the linear (σ' ≈ 1), tanh and ReLU regimes; fits the per-step growth rate.")
        {
            hidden, length, sequences, seed, output,
        };
        command.SetAction(parse =>
        {
            var options = defaults with
            {
                Hidden = parse.GetValue(hidden),
                Length = parse.GetValue(length),
                Sequences = parse.GetValue(sequences),
                Seed = parse.GetValue(seed),
            };
            options.Validate();
            string folder = OutputFolder.Prepare(parse.GetValue(output)!, "--out");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var curves = VanishingExperiment.Run(options);
            AnsiConsole.MarkupLine($"[bold]elman experiment vanishing[/]: H = {options.Hidden}, T = {options.Length}, {options.Sequences} random sequences per setting, seed {options.Seed} ({clock.Elapsed.TotalSeconds:F1} s)");
            VanishingReport.PrintTable(curves, options);
            foreach (var sentence in VanishingReport.Conclusions(curves, options)) AnsiConsole.MarkupLine(Markup.Escape("• " + sentence));
            foreach (var path in Write(curves, folder)) AnsiConsole.MarkupLine($"wrote {Markup.Escape(path)}");
            return CommandRunner.Ok;
        });
        return command;
    }

    static IReadOnlyList<string> Write(IReadOnlyList<VanishingCurve> curves, string folder)
    {
        string P(string name) => Path.Combine(folder, name);
        CsvFile.Write(P("vanishing.csv"),
            ["regime", "w_hh", "scale", "spectral_norm_whh", "lag", "jacobian_norm_mean", "jacobian_norm_min", "jacobian_norm_max", "bound", "loss_gradient_norm_mean", "loss_gradient_bound"],
            curves.SelectMany(c => c.JacobianNorms.Select((j, lag) => (IReadOnlyList<object>)
                [Name(c.Regime), Name(c.Kind), c.Scale, c.SpectralNormWhh, lag, j.Mean, j.Min, j.Max, c.JacobianBound[lag], c.LossGradientNorms[lag].Mean, c.LossGradientBound[lag]])));
        CsvFile.Write(P("vanishing-rates.csv"),
            ["regime", "w_hh", "scale", "spectral_norm_whh", "mean_derivative", "jacobian_growth_rate", "loss_gradient_growth_rate"],
            curves.Select(c => (IReadOnlyList<object>)[Name(c.Regime), Name(c.Kind), c.Scale, c.SpectralNormWhh, c.MeanDerivative, c.GrowthRate, c.LossGradientGrowthRate]));
        VanishingPlots.Save(curves, P("vanishing.png"), lossGradient: false);
        VanishingPlots.Save(curves, P("vanishing-loss.png"), lossGradient: true);
        return new[] { "vanishing.png", "vanishing-loss.png", "vanishing.csv", "vanishing-rates.csv" }.Select(P).ToList();
    }

    public static string Name(ActivationRegime regime) => regime.ToString().ToLowerInvariant();

    public static string Name(RecurrentMatrixKind kind) => kind.ToString().ToLowerInvariant();
}
