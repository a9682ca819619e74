using Elman.Analysis;
using Elman.Cli.Plots;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>
/// The per-token analysis of one text (<c>elman analyse --text</c>): for each token i, ‖∂ℓ/∂x_i‖₂ (the
/// gradient reaching its input embedding) and, per layer and direction, ‖C_i‖_F, ‖∂h_t/∂h_i‖₂ with both
/// bounds (t = T forward, 1 reverse); a table aligned with the tokens, <c>tokens.csv</c> and <c>tokens.png</c>.
/// </summary>
sealed class TokenReport
{
    public required AnalysedText Text { get; init; }
    /// <summary>The predicted class and its probability.</summary>
    public required string Predicted { get; init; }
    public required double Probability { get; init; }
    /// <summary>The class ℓ = -log p[c] is taken for, and whether it was given or predicted.</summary>
    public required string Label { get; init; }
    public required bool LabelGiven { get; init; }
    public required double Loss { get; init; }
    public required bool Bidirectional { get; init; }
    /// <summary>‖∂ℓ/∂x_i‖₂, index i - 1.</summary>
    public required double[] InputGradientNorms { get; init; }
    /// <summary>One profile per selected layer and direction.</summary>
    public required IReadOnlyList<StepProfile> Profiles { get; init; }

    public int Length => InputGradientNorms.Length;

    public static TokenReport Compute(SequenceTrace<double> trace, AnalysedText text, IReadOnlyList<string> classNames, bool labelGiven,
        IReadOnlyList<int> layers, IReadOnlyList<Direction> directions, NormMethod method)
    {
        var p = trace.Probabilities;
        int best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(p);
        var dx = InputGradients<double>.Compute(trace);
        return new TokenReport
        {
            Text = text,
            Predicted = classNames[best],
            Probability = p[best],
            Label = classNames[trace.Label],
            LabelGiven = labelGiven,
            Loss = trace.Loss,
            Bidirectional = trace.Config.Bidirectional,
            InputGradientNorms = Enumerable.Range(1, trace.Length).Select(dx.Norm).ToArray(),
            Profiles = layers.SelectMany(k => directions.Select(d => StepProfile.Compute(trace, k, d, method))).ToList(),
        };
    }

    /// <summary>"fwd", "rev", "l1 fwd", …: the column prefix of a profile.</summary>
    public string Short(StepProfile p)
        => (Profiles.Any(q => q.Layer > 0) ? $"l{p.Layer} " : "") + (p.Direction == Direction.Forward ? "fwd" : "rev");

    /// <summary>The same as a file-name-safe CSV column suffix.</summary>
    static string Column(StepProfile p) => $"l{p.Layer}_{p.Direction.Name()}";

    public string Title => $"“{Text.Text}” → {Predicted} (p = {Probability:F3}); ℓ = -log p[{Label}] = {Loss:F4}{(LabelGiven ? " (given label)" : " (predicted label)")}";

    public void Print()
    {
        AnsiConsole.MarkupLine(Markup.Escape(Title));
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape("Per token: ‖∂ℓ/∂x_i‖₂ and, per direction, ‖C_i‖_F, ‖∂h_t/∂h_i‖₂ (t = T forward, 1 reverse) and its tight and loose bounds"));
        foreach (var name in new[] { "i", "token", "‖∂ℓ/∂x_i‖₂" }) table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        table.Columns[1].LeftAligned();
        foreach (var p in Profiles)
            foreach (var name in new[] { "‖C_i‖_F", "‖∂h_t/∂h_i‖₂", "tight", "loose" })
                table.AddColumn(new TableColumn(Markup.Escape($"{Short(p)} {name}")).RightAligned());
        for (int i = 1; i <= Length; i++)
        {
            var row = new List<string> { i.ToString(), Markup.Escape(Text.Display(i)), Numbers.Sci(InputGradientNorms[i - 1]) };
            foreach (var p in Profiles)
                row.AddRange([Numbers.Sci(p.ContributionNorms[i - 1]), Numbers.Sci(p.JacobianNorms[i - 1]), Numbers.Sci(p.TightBounds[i - 1]), Numbers.Sci(p.LooseBounds[i - 1])]);
            table.AddRow(row.ToArray());
        }
        AnsiConsole.Write(table);
        foreach (var p in Profiles)
            AnsiConsole.MarkupLine(Markup.Escape($"{Short(p)}: ‖W_hh‖₂ = {p.SpectralNormWhh:F4}; 50 % of Σ_i‖C_i‖_F within lag ≤ {p.LagCovering(0.5)}, 90 % within lag ≤ {p.LagCovering(0.9)} (lag = {(p.Direction == Direction.Forward ? "T − i" : "i − 1")})"));
        if (Text.Ids.Any(id => id == Elman.Data.Text.Vocabulary.UnknownId))
            AnsiConsole.MarkupLine("tokens marked ? are not in the vocabulary and read as <unk>");
    }

    /// <summary>Writes tokens.csv and tokens.png into <paramref name="folder"/> and returns their paths.</summary>
    public IReadOnlyList<string> Write(string folder)
    {
        string csv = Path.Combine(folder, "tokens.csv"), png = Path.Combine(folder, "tokens.png");
        var header = new List<string> { "i", "token", "input_gradient_norm" };
        foreach (var p in Profiles)
            header.AddRange(new[] { "contribution_norm", "jacobian_norm", "tight_bound", "loose_bound", "loss_gradient_norm" }.Select(n => $"{n}_{Column(p)}"));
        CsvFile.Write(csv, header, Enumerable.Range(1, Length).Select(i =>
        {
            var row = new List<object> { i, Csv(Text.Tokens[i - 1]), InputGradientNorms[i - 1] };
            foreach (var p in Profiles)
                row.AddRange([p.ContributionNorms[i - 1], p.JacobianNorms[i - 1], p.TightBounds[i - 1], p.LooseBounds[i - 1], p.HiddenGradientNorms[i - 1]]);
            return (IReadOnlyList<object>)row;
        }));
        TokenPlots.Save(this, png);
        return [png, csv];
    }

    // A token as one CSV field: quoted when it holds a comma, quote or line break.
    static string Csv(string token) => token.IndexOfAny([',', '"', '\n', '\r']) < 0 ? token : "\"" + token.Replace("\"", "\"\"") + "\"";
}
