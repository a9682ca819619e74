using Elman.Analysis;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>The table and the plain-words conclusions of <c>elman experiment vanishing</c>, computed from the measured curves.</summary>
static class VanishingReport
{
    static readonly Dictionary<ActivationRegime, string> RegimeTitles = new()
    {
        [ActivationRegime.Linear] = "linear (σ' ≈ 1)",
        [ActivationRegime.Tanh] = "tanh",
        [ActivationRegime.Relu] = "ReLU",
    };

    public static string Title(ActivationRegime regime) => RegimeTitles[regime];

    public static void PrintTable(IReadOnlyList<VanishingCurve> curves, VanishingExperimentOptions options)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Fitted growth per step of mean ‖∂h_T/∂h_i‖₂ (lags 1..{options.Length - 1}); the bound's rate is ‖W_hh‖₂");
        table.AddColumn("W_hh");
        table.AddColumn(new TableColumn("‖W_hh‖₂").RightAligned());
        foreach (var regime in Enum.GetValues<ActivationRegime>())
        {
            table.AddColumn(new TableColumn($"{Title(regime)} rate").RightAligned());
            if (regime != ActivationRegime.Linear) table.AddColumn(new TableColumn("mean σ'").RightAligned());
        }
        foreach (var kind in Enum.GetValues<RecurrentMatrixKind>())
            foreach (double scale in options.Scales)
            {
                var row = new List<string> { kind == RecurrentMatrixKind.Orthogonal ? "s × orthogonal" : "Gaussian, rescaled" };
                var first = Find(curves, ActivationRegime.Linear, kind, scale);
                row.Add($"{first.SpectralNormWhh:F3}");
                foreach (var regime in Enum.GetValues<ActivationRegime>())
                {
                    var c = Find(curves, regime, kind, scale);
                    row.Add(c.GrowthRate >= 1 ? $"[red]{c.GrowthRate:F3}[/]" : $"[green]{c.GrowthRate:F3}[/]");
                    if (regime != ActivationRegime.Linear) row.Add($"{c.MeanDerivative:F3}");
                }
                table.AddRow(row.ToArray());
            }
        AnsiConsole.Write(table);
    }

    /// <summary>What the plot shows, in words, with the numbers of this run.</summary>
    public static IEnumerable<string> Conclusions(IReadOnlyList<VanishingCurve> curves, VanishingExperimentOptions options)
    {
        int lastLag = options.Length - 1;
        var below = curves.Where(c => c.Scale < 1).ToList();
        if (below.Count > 0)
            yield return $"Below 1 (‖W_hh‖₂ = {string.Join(", ", below.Select(c => c.Scale).Distinct())}) every curve vanishes: all {below.Count} fitted rates are < 1 " +
                         $"(largest {below.Max(c => c.GrowthRate):F3}), as the bound ‖∂h_T/∂h_i‖₂ ≤ ‖W_hh‖₂^(T−i) forces; ‖∂ℓ/∂h_i‖₂ follows (largest rate {below.Max(c => c.LossGradientGrowthRate):F3}).";

        var linear = curves.Where(c => c is { Regime: ActivationRegime.Linear, Kind: RecurrentMatrixKind.Orthogonal }).ToList();
        if (linear.Count > 0)
        {
            var top = linear.MaxBy(c => c.Scale)!;
            yield return $"Linear regime (σ' ≈ 1, so J_j = W_hh, as for ReLU units that stay active) with s × orthogonal W_hh: the solid lines lie on the dashed bounds, rate = s " +
                         $"({string.Join(", ", linear.Select(c => $"{c.GrowthRate:F3}"))}): vanishing below 1, constant at 1, growth above 1 " +
                         $"(s = {top.Scale}: ‖∂h_T/∂h_1‖₂ = {Numbers.Sci(top.JacobianNorms[lastLag].Mean)} after {lastLag} steps).";
        }

        var gaussian = curves.Where(c => c is { Regime: ActivationRegime.Linear, Kind: RecurrentMatrixKind.Gaussian }).ToList();
        if (gaussian.Count > 0)
        {
            double ratio = gaussian.Average(c => c.GrowthRate / c.Scale);
            yield return $"Gaussian W_hh rescaled to the same norms has a rate of only about {ratio:F2} × ‖W_hh‖₂ even in the linear regime ({gaussian.Max(c => c.GrowthRate):F3} at ‖W_hh‖₂ = {gaussian.Max(c => c.Scale)}): " +
                         "its eigenvalues fill a disc of radius ≈ ‖W_hh‖₂/2, and powers of W_hh follow the spectral radius, so ‖W_hh‖₂ > 1 is necessary for growth but not sufficient.";
        }

        foreach (var regime in new[] { ActivationRegime.Tanh, ActivationRegime.Relu })
        {
            var r = curves.Where(c => c.Regime == regime && c.Kind == RecurrentMatrixKind.Orthogonal).ToList();
            if (r.Count == 0) continue;
            var growing = r.Where(c => c.GrowthRate >= 1).Select(c => c.Scale).ToList();
            string why = regime == ActivationRegime.Tanh
                ? $"saturation (mean σ' = 1 − h² ≈ {r.Average(c => c.MeanDerivative):F2}) shrinks every J_j = diag(σ'(z_j)) W_hh"
                : $"about {1 - r.Average(c => c.MeanDerivative):P0} of the units are inactive (σ' = 0) at each step, and J_j = diag(σ'(z_j)) W_hh drops their directions";
            yield return $"{Title(regime)} with unit-variance inputs and s × orthogonal W_hh: {why}; rates {string.Join(", ", r.Select(c => $"{c.GrowthRate:F3}"))} for s = {string.Join(", ", r.Select(c => c.Scale))} — " +
                         (growing.Count == 0 ? "the gradient vanishes even above 1." : $"growth only from s = {growing.Min()}, vanishing below.");
        }
    }

    static VanishingCurve Find(IReadOnlyList<VanishingCurve> curves, ActivationRegime regime, RecurrentMatrixKind kind, double scale)
        => curves.First(c => c.Regime == regime && c.Kind == kind && c.Scale == scale);
}
