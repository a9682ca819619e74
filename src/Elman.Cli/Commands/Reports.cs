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
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(title)}[/]: loss {result.Loss:F4}, accuracy [bold]{result.Accuracy:P2}[/] on {result.Count:N0} sequences");
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

    /// <summary>Class names from metadata or a task when they match the model's class count, else "0", "1", ….</summary>
    public static IReadOnlyList<string> ClassNames(IReadOnlyList<string>? candidates, int count)
        => candidates is not null && candidates.Count == count ? candidates : Enumerable.Range(0, count).Select(i => i.ToString()).ToArray();
}
