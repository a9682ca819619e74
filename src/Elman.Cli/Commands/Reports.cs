using Elman.Training;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>Tables shared by train and eval.</summary>
static class Reports
{
    public static void PrintEvaluation(string title, EvaluationResult result, IReadOnlyList<string> classNames)
    {
        if (result.Confusion.Length == 0)
        {
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(title)}[/]: mean squared error [bold]{result.Loss:F5}[/] on {result.Count:N0} sequences");
            return;
        }
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(title)}[/]: loss {result.Loss:F4}, accuracy [bold]{result.Accuracy:P2}[/], macro-F1 {result.MacroF1:F4} on {result.Count:N0} sequences");
        int c = result.Confusion.GetLength(0);
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("true \\ predicted");
        for (int j = 0; j < c; j++) table.AddColumn(new TableColumn(Markup.Escape(classNames[j])).RightAligned());
        table.AddColumn(new TableColumn("recall").RightAligned());
        for (int i = 0; i < c; i++)
        {
            var row = new List<string> { Markup.Escape(classNames[i]) };
            int total = 0;
            for (int j = 0; j < c; j++)
            {
                total += result.Confusion[i, j];
                row.Add(i == j ? $"[green]{result.Confusion[i, j]}[/]" : result.Confusion[i, j] == 0 ? "[grey]0[/]" : $"[red]{result.Confusion[i, j]}[/]");
            }
            row.Add(total == 0 ? "-" : $"{(double)result.Confusion[i, i] / total:P1}");
            table.AddRow(row.ToArray());
        }
        AnsiConsole.Write(table);
    }

    /// <summary>Accuracy, macro-F1 and per-class precision/recall, with a baseline's numbers beside them when given.</summary>
    public static void PrintClassification(ClassificationReport report, IReadOnlyList<string> classNames, (string Name, ClassificationReport Report, TimeSpan Time)? baseline)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("class");
        foreach (var heading in new[] { "precision", "recall", "F1", "support" }) table.AddColumn(new TableColumn(heading).RightAligned());
        if (baseline is not null) table.AddColumn(new TableColumn("baseline F1").RightAligned());
        for (int c = 0; c < classNames.Count; c++)
        {
            var m = report.Classes[c];
            var row = new List<string> { Markup.Escape(classNames[c]), $"{m.Precision:P1}", $"{m.Recall:P1}", $"{m.F1:F3}", $"{m.Support:N0}" };
            if (baseline is { } b) row.Add($"{b.Report.Classes[c].F1:F3}");
            table.AddRow(row.ToArray());
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[bold]RNN[/]: accuracy [bold]{report.Accuracy:P2}[/], macro-F1 {report.MacroF1:F4}");
        if (baseline is { } bl)
            AnsiConsole.MarkupLine($"[bold]baseline[/] ({Markup.Escape(bl.Name)}, same split): accuracy [bold]{bl.Report.Accuracy:P2}[/], macro-F1 {bl.Report.MacroF1:F4} (fit in {bl.Time.TotalSeconds:F1} s)");
    }
}
