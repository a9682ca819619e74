using Elman.Analysis;
using Elman.Cli.Plots;
using Elman.Model;
using Spectre.Console;
using Elman.Numerics;
using Elman.Layers;

namespace Elman.Cli.Commands;

/// <summary>What <c>elman analyse</c> computes for one layer and direction over several sequences, printed as tables and written as CSV and PNG.</summary>
sealed class GradientFlowReport
{
    public required int Layer { get; init; }
    public required Direction Direction { get; init; }
    /// <summary>Whether the model is bidirectional (names and titles then say which direction).</summary>
    public required bool Bidirectional { get; init; }
    public required NormMethod Method { get; init; }
    /// <summary>‖W_hh^(k)‖₂ of every layer k in this direction.</summary>
    public required double[] SpectralNormsWhh { get; init; }
    /// <summary>‖∂h_t/∂h_i‖₂ against lag (t = the step the classifier reads), over the sequences.</summary>
    public required LagSummary[] JacobianNorms { get; init; }
    /// <summary>The tight bound ∏ ‖diag σ'(z_k)‖₂ ‖W_hh‖₂ against lag, over the sequences.</summary>
    public required LagSummary[] TightBounds { get; init; }
    /// <summary>‖∂ℓ/∂h_i‖₂ against lag, over the sequences.</summary>
    public required LagSummary[] LossGradientNorms { get; init; }
    /// <summary>‖C_i‖_F of each sequence's own loss against lag, over the sequences.</summary>
    public required LagSummary[] ContributionsByLag { get; init; }
    /// <summary>Per sequence, the smallest lag L with Σ_{lag ≤ L} ‖C‖_F ≥ 50 % and 90 % of Σ_i ‖C_i‖_F.</summary>
    public required int[] Lag50 { get; init; }
    public required int[] Lag90 { get; init; }
    /// <summary>‖C_i‖_F for i = 1..T_max (index i - 1), contributions to the gradient of the mean loss.</summary>
    public required double[] Contributions { get; init; }
    public required DerivativeHistogram Derivatives { get; init; }

    public double SpectralNormWhh => SpectralNormsWhh[Layer];

    /// <summary>"layer 0", or "layer 0, reverse" for a bidirectional model.</summary>
    public string Name => Bidirectional ? $"layer {Layer}, {Direction.Name()}" : $"layer {Layer}";

    /// <summary>The file name suffix: "" for layer 0 forward, then "-l1", "-reverse", "-l1-reverse".</summary>
    public string Suffix => (Layer > 0 ? $"-l{Layer}" : "") + (Direction == Direction.Reverse ? "-reverse" : "");

    /// <summary>How step i relates to the lag, for titles: T − i forward, i − 1 reverse.</summary>
    public string LagText => Direction == Direction.Forward ? "lag T − i" : "lag i − 1 (reverse reads x_T..x_1; the classifier reads h_1)";

    public static GradientFlowReport Compute(RnnClassifier<double> model, IReadOnlyList<SequenceTrace<double>> traces, int layer, Direction direction, NormMethod method)
    {
        int h = model.Config.HiddenSize;
        var profiles = traces.Select(t => StepProfile.Compute(t, layer, direction, method)).ToList();
        LagSummary[] ByLag(Func<StepProfile, double[]> series) => LagSummary.Of(profiles.Select(p => (IReadOnlyList<double>)p.ByLag(series(p))));
        return new GradientFlowReport
        {
            Layer = layer,
            Direction = direction,
            Bidirectional = model.Config.Bidirectional,
            Method = method,
            SpectralNormsWhh = Enumerable.Range(0, model.Config.NumLayers).Select(k => SpectralNorm.Exact(model.Weights[ParameterLayout.WeightHh(k, direction == Direction.Reverse)], h, h)).ToArray(),
            JacobianNorms = ByLag(p => p.JacobianNorms),
            TightBounds = ByLag(p => p.TightBounds),
            LossGradientNorms = ByLag(p => p.HiddenGradientNorms),
            ContributionsByLag = ByLag(p => p.ContributionNorms),
            Lag50 = profiles.Select(p => p.LagCovering(0.5)).ToArray(),
            Lag90 = profiles.Select(p => p.LagCovering(0.9)).ToArray(),
            Contributions = BpttDecomposition<double>.Mean(traces, layer, direction).ContributionNorms(),
            Derivatives = DerivativeHistogram.Compute(traces, layer, direction: direction),
        };
    }

    public double Bound(int lag) => Math.Pow(SpectralNormWhh, lag);

    public void Print()
    {
        string direction = Bidirectional ? $" {Direction.Name()}" : "";
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(Name)}[/]: ‖W_hh‖₂{direction} per layer: {string.Join(", ", SpectralNormsWhh.Select((s, k) => $"layer {k}: {s:F4}"))} (norms by {(Method == NormMethod.Exact ? "Jacobi SVD" : "power iteration, 1e-6 relative")})");

        string t = Direction == Direction.Forward ? "T" : "1";
        var jacobian = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"Jacobian-norm profile, {Name}: ‖∂h_{t}/∂h_i‖₂ against {LagText}"));
        foreach (var name in new[] { "lag", $"mean ‖∂h_{t}/∂h_i‖₂", "median", "quartiles", "min", "max", "tight ∏‖diag σ'‖‖W_hh‖", "loose ‖W_hh‖₂^lag", "‖∂ℓ/∂h_i‖₂", "median ‖C‖_F" })
            jacobian.AddColumn(new TableColumn(name).RightAligned());
        foreach (int lag in LagSelection.Of(JacobianNorms.Length))
        {
            var j = JacobianNorms[lag];
            jacobian.AddRow(lag.ToString(), Numbers.Sci(j.Mean), Numbers.Sci(j.Median), $"{Numbers.Sci(j.LowerQuartile)}…{Numbers.Sci(j.UpperQuartile)}", Numbers.Sci(j.Min), Numbers.Sci(j.Max),
                Numbers.Sci(TightBounds[lag].Mean), Numbers.Sci(Bound(lag)), Numbers.Sci(LossGradientNorms[lag].Mean), Numbers.Sci(ContributionsByLag[lag].Median));
        }
        AnsiConsole.Write(jacobian);
        double rate = GrowthRate.Fit(JacobianNorms.Select(s => s.Mean).ToArray()), flowRate = GrowthRate.Fit(LossGradientNorms.Select(s => s.Mean).ToArray());
        if (double.IsFinite(rate))
            AnsiConsole.MarkupLine($"fitted growth per step: ‖∂h_{t}/∂h_i‖₂ [bold]{rate:F4}[/], ‖∂ℓ/∂h_i‖₂ [bold]{flowRate:F4}[/], against ‖W_hh‖₂ = {SpectralNormWhh:F4} ({(rate < 1 ? "vanishing" : "growing")} with the lag)");
        AnsiConsole.MarkupLine(Markup.Escape($"lags the gradient of W_hh comes from: 50 % of Σ_i‖C_i‖_F within lag ≤ {Spread(Lag50)}, 90 % within lag ≤ {Spread(Lag90)} (median [quartiles] over {Lag90.Length} sequence(s))"));

        double total = Contributions.Sum();
        var contributions = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"Temporal contribution profile, {Name}: ‖C_i‖_F, C_i = step i's term of ∂ℓ/∂W_hh (mean loss)"));
        foreach (var name in new[] { "i", "‖C_i‖_F", "share of Σ‖C_i‖" }) contributions.AddColumn(new TableColumn(name).RightAligned());
        int steps = Contributions.Length;
        foreach (int n in LagSelection.Of(steps).Select(n => steps - n).Order())
            contributions.AddRow(n.ToString(), Numbers.Sci(Contributions[n - 1]), total > 0 ? $"{Contributions[n - 1] / total:P2}" : "-");
        AnsiConsole.Write(contributions);

        var d = Derivatives;
        var histogram = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"σ' distribution, {Name} ({RnnConfig.NonlinearityName(d.Nonlinearity)}): mean {d.Mean:F3}, {d.SaturatedFraction:P1} below {DerivativeHistogram.SaturationThreshold} ({(d.Nonlinearity == Nonlinearity.Relu ? "inactive" : "saturated")})"));
        foreach (var name in new[] { "σ'", "count", "fraction", "" }) histogram.AddColumn(new TableColumn(name).RightAligned());
        histogram.Columns[3].LeftAligned();
        for (int b = 0; b < d.Bins; b++)
        {
            double fraction = d.Total == 0 ? 0 : (double)d.Counts[b] / d.Total;
            histogram.AddRow(Markup.Escape($"[{d.LowerEdge(b):F1}, {d.LowerEdge(b + 1):F1}{(b == d.Bins - 1 ? "]" : ")")}"), $"{d.Counts[b]:N0}", $"{fraction:P1}", new string('█', (int)Math.Round(fraction * 40)));
        }
        AnsiConsole.Write(histogram);
    }

    static string Spread(int[] lags)
    {
        var sorted = lags.Select(l => (double)l).Order().ToArray();
        return $"{LagSummary.Quantile(sorted, 0.5):0.#} [{LagSummary.Quantile(sorted, 0.25):0.#}, {LagSummary.Quantile(sorted, 0.75):0.#}]";
    }

    /// <summary>Writes the CSV files and PNG plots into <paramref name="folder"/> (names end in <see cref="Suffix"/>) and returns their paths.</summary>
    public IReadOnlyList<string> Write(string folder)
    {
        string P(string name) => Path.Combine(folder, $"{name}{Suffix}");
        CsvFile.Write(P("jacobian") + ".csv",
            ["lag", "sequences", "jacobian_norm_mean", "jacobian_norm_min", "jacobian_norm_max", "tight_bound_mean", "loose_bound", "loss_gradient_norm_mean",
             "jacobian_norm_median", "jacobian_norm_q1", "jacobian_norm_q3", "contribution_norm_median", "contribution_norm_q1", "contribution_norm_q3"],
            JacobianNorms.Select((j, lag) => (IReadOnlyList<object>)[lag, j.Count, j.Mean, j.Min, j.Max, TightBounds[lag].Mean, Bound(lag), LossGradientNorms[lag].Mean,
                j.Median, j.LowerQuartile, j.UpperQuartile, ContributionsByLag[lag].Median, ContributionsByLag[lag].LowerQuartile, ContributionsByLag[lag].UpperQuartile]));
        CsvFile.Write(P("contributions") + ".csv", ["i", "contribution_norm"],
            Contributions.Select((c, n) => (IReadOnlyList<object>)[n + 1, c]));
        CsvFile.Write(P("derivative") + ".csv", ["bin_low", "bin_high", "count"],
            Enumerable.Range(0, Derivatives.Bins).Select(b => (IReadOnlyList<object>)[Derivatives.LowerEdge(b), Derivatives.LowerEdge(b + 1), Derivatives.Counts[b]]));
        GradientFlowPlots.Jacobian(this, P("jacobian") + ".png");
        GradientFlowPlots.Contributions(this, P("contributions") + ".png");
        GradientFlowPlots.Derivatives(Derivatives, Name, P("derivative") + ".png");
        return new[] { "jacobian.png", "contributions.png", "derivative.png", "jacobian.csv", "contributions.csv", "derivative.csv" }
            .Select(f => P(Path.GetFileNameWithoutExtension(f)) + Path.GetExtension(f)).ToList();
    }
}
