using Elman.Analysis;
using Elman.Cli.Plots;
using Elman.Model;
using Spectre.Console;
using Elman.Numerics;
using Elman.Layers;

namespace Elman.Cli.Commands;

/// <summary>What <c>elman analyse</c> computes for one layer, printed as tables and written as CSV and PNG.</summary>
sealed class GradientFlowReport
{
    public required int Layer { get; init; }
    public required NormMethod Method { get; init; }
    /// <summary>‖W_hh^(k)‖₂ for every layer k.</summary>
    public required double[] SpectralNormsWhh { get; init; }
    /// <summary>‖∂h_T/∂h_i‖₂ against lag T - i, over the sequences.</summary>
    public required LagSummary[] JacobianNorms { get; init; }
    /// <summary>∏_{k=i+1..T} ‖diag σ'(z_k)‖₂ ‖W_hh‖₂ against lag, over the sequences.</summary>
    public required LagSummary[] TightBounds { get; init; }
    /// <summary>‖∂ℓ/∂h_i‖₂ against lag, over the sequences.</summary>
    public required LagSummary[] LossGradientNorms { get; init; }
    /// <summary>‖C_i‖_F for i = 1..T_max (index i - 1), contributions to the gradient of the mean loss.</summary>
    public required double[] Contributions { get; init; }
    public required DerivativeHistogram Derivatives { get; init; }

    public double SpectralNormWhh => SpectralNormsWhh[Layer];

    public static GradientFlowReport Compute(RnnClassifier<double> model, IReadOnlyList<SequenceTrace<double>> traces, int layer, NormMethod method)
    {
        int h = model.Config.HiddenSize;
        var profiles = traces.Select(t => JacobianProfile.Compute(t, layer, method: method)).ToList();
        return new GradientFlowReport
        {
            Layer = layer,
            Method = method,
            SpectralNormsWhh = Enumerable.Range(0, model.Config.NumLayers).Select(k => SpectralNorm.Exact(model.Weights[ParameterLayout.WeightHh(k)], h, h)).ToArray(),
            JacobianNorms = LagSummary.Of(profiles.Select(p => (IReadOnlyList<double>)p.Lags.Select(l => l.JacobianNorm).ToArray())),
            TightBounds = LagSummary.Of(profiles.Select(p => (IReadOnlyList<double>)p.Lags.Select(l => l.TightBound).ToArray())),
            LossGradientNorms = LagSummary.Of(traces.Select(t => (IReadOnlyList<double>)HiddenGradients<double>.Compute(t, layer).NormsByLag())),
            Contributions = BpttDecomposition<double>.Mean(traces, layer).ContributionNorms(),
            Derivatives = DerivativeHistogram.Compute(traces, layer),
        };
    }

    public double Bound(int lag) => Math.Pow(SpectralNormWhh, lag);

    public void Print()
    {
        AnsiConsole.MarkupLine($"‖W_hh‖₂ per layer: {string.Join(", ", SpectralNormsWhh.Select((s, k) => $"layer {k}: {s:F4}"))}; analysing layer {Layer} (norms by {(Method == NormMethod.Exact ? "Jacobi SVD" : "power iteration, 1e-6 relative")})");

        var jacobian = new Table().Border(TableBorder.Rounded).Title("Jacobian-norm profile: ‖∂h_T/∂h_i‖₂ against lag T - i (mean over sequences)");
        foreach (var name in new[] { "lag", "mean ‖∂h_T/∂h_i‖₂", "min", "max", "tight ∏‖diag σ'‖‖W_hh‖", "loose ‖W_hh‖₂^lag", "‖∂ℓ/∂h_i‖₂" })
            jacobian.AddColumn(new TableColumn(name).RightAligned());
        foreach (int lag in LagSelection.Of(JacobianNorms.Length))
        {
            var j = JacobianNorms[lag];
            jacobian.AddRow(lag.ToString(), Numbers.Sci(j.Mean), Numbers.Sci(j.Min), Numbers.Sci(j.Max), Numbers.Sci(TightBounds[lag].Mean), Numbers.Sci(Bound(lag)), Numbers.Sci(LossGradientNorms[lag].Mean));
        }
        AnsiConsole.Write(jacobian);
        double rate = GrowthRate.Fit(JacobianNorms.Select(s => s.Mean).ToArray()), flowRate = GrowthRate.Fit(LossGradientNorms.Select(s => s.Mean).ToArray());
        if (double.IsFinite(rate))
            AnsiConsole.MarkupLine($"fitted growth per step: ‖∂h_T/∂h_i‖₂ [bold]{rate:F4}[/], ‖∂ℓ/∂h_i‖₂ [bold]{flowRate:F4}[/], against ‖W_hh‖₂ = {SpectralNormWhh:F4} ({(rate < 1 ? "vanishing" : "growing")} with the lag)");

        double total = Contributions.Sum();
        var contributions = new Table().Border(TableBorder.Rounded).Title("Temporal contribution profile: ‖C_i‖_F, C_i = step i's term of ∂ℓ/∂W_hh");
        foreach (var name in new[] { "i", "‖C_i‖_F", "share of Σ‖C_i‖" }) contributions.AddColumn(new TableColumn(name).RightAligned());
        int steps = Contributions.Length;
        foreach (int lag in LagSelection.Of(steps).Reverse())
        {
            int i = steps - lag;
            contributions.AddRow(i.ToString(), Numbers.Sci(Contributions[i - 1]), total > 0 ? $"{Contributions[i - 1] / total:P2}" : "-");
        }
        AnsiConsole.Write(contributions);
        int half = steps / 2;
        AnsiConsole.MarkupLine($"the last half of the steps (i > {half}) gives {(total > 0 ? Contributions.Skip(half).Sum() / total : 0):P1} of Σ‖C_i‖_F");

        var d = Derivatives;
        var histogram = new Table().Border(TableBorder.Rounded).Title($"σ' distribution ({RnnConfig.NonlinearityName(d.Nonlinearity)}): mean {d.Mean:F3}, {d.SaturatedFraction:P1} below {DerivativeHistogram.SaturationThreshold} ({(d.Nonlinearity == Nonlinearity.Relu ? "inactive" : "saturated")})");
        foreach (var name in new[] { "σ'", "count", "fraction", "" }) histogram.AddColumn(new TableColumn(name).RightAligned());
        histogram.Columns[3].LeftAligned();
        for (int b = 0; b < d.Bins; b++)
        {
            double fraction = d.Total == 0 ? 0 : (double)d.Counts[b] / d.Total;
            histogram.AddRow(Markup.Escape($"[{d.LowerEdge(b):F1}, {d.LowerEdge(b + 1):F1}{(b == d.Bins - 1 ? "]" : ")")}"), $"{d.Counts[b]:N0}", $"{fraction:P1}", new string('█', (int)Math.Round(fraction * 40)));
        }
        AnsiConsole.Write(histogram);
    }

    /// <summary>Writes the CSV files and PNG plots into <paramref name="folder"/> and returns their paths.</summary>
    public IReadOnlyList<string> Write(string folder)
    {
        string P(string name) => Path.Combine(folder, name);
        int steps = Contributions.Length;
        CsvFile.Write(P("jacobian.csv"),
            ["lag", "sequences", "jacobian_norm_mean", "jacobian_norm_min", "jacobian_norm_max", "tight_bound_mean", "loose_bound", "loss_gradient_norm_mean"],
            JacobianNorms.Select((j, lag) => (IReadOnlyList<object>)[lag, j.Count, j.Mean, j.Min, j.Max, TightBounds[lag].Mean, Bound(lag), LossGradientNorms[lag].Mean]));
        CsvFile.Write(P("contributions.csv"), ["i", "contribution_norm"],
            Contributions.Select((c, n) => (IReadOnlyList<object>)[n + 1, c]));
        CsvFile.Write(P("derivative.csv"), ["bin_low", "bin_high", "count"],
            Enumerable.Range(0, Derivatives.Bins).Select(b => (IReadOnlyList<object>)[Derivatives.LowerEdge(b), Derivatives.LowerEdge(b + 1), Derivatives.Counts[b]]));
        GradientFlowPlots.Jacobian(this, P("jacobian.png"));
        GradientFlowPlots.Contributions(this, P("contributions.png"));
        GradientFlowPlots.Derivatives(Derivatives, P("derivative.png"));
        return new[] { "jacobian.png", "contributions.png", "derivative.png", "jacobian.csv", "contributions.csv", "derivative.csv" }.Select(P).ToList();
    }
}
