using System.Text.Json;
using Elman.Data;
using Elman.Data.Sequences;
using Elman.Model;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary><c>elman predict --input FILE</c> for a model trained on numeric sequences: one prediction per sequence, in file order.</summary>
static class SequencePrediction
{
    public static int Run(RnnClassifier<float> model, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<string> classNames, string modelPath, string inputPath, int batchSize, bool json)
    {
        var data = SequenceInputs.Read(inputPath, model.Config, metadata, classNames, modelPath, new NumericReadOptions { RequireLabels = false });
        int c = model.Config.NumClasses, features = data.Features, steps = data.Steps;
        var probabilities = new float[checked(data.Count * c)];   // [N, C]
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int n = Math.Min(batchSize, data.Count - start);
            var x = data.X.AsMemory(start * steps * features, n * steps * features);   // [n, T, D]
            model.Forward(SequenceBatch<float>.Dense(x, n, steps, features, data.Lengths.AsMemory(start, n)));
            model.Probabilities.CopyTo(probabilities.AsSpan(start * c, n * c));
        }
        if (json) PrintJson(probabilities, classNames);
        else PrintTable(probabilities, classNames);
        return CommandRunner.Ok;
    }

    static void PrintJson(float[] probabilities, IReadOnlyList<string> classNames)
    {
        int c = classNames.Count;
        using var stdout = Console.OpenStandardOutput();
        for (int i = 0; i < probabilities.Length / c; i++)
        {
            var row = probabilities.AsSpan(i * c, c);
            using (var writer = new Utf8JsonWriter(stdout))
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", i);
                writer.WriteString("label", classNames[Numerics.ArgMax.Index(row)]);
                writer.WriteStartObject("probabilities");
                for (int k = 0; k < c; k++) writer.WriteNumber(classNames[k], row[k]);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            stdout.WriteByte((byte)'\n');
        }
    }

    static void PrintTable(float[] probabilities, IReadOnlyList<string> classNames)
    {
        int c = classNames.Count;
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("sequence").RightAligned());
        table.AddColumn("label");
        foreach (var name in classNames) table.AddColumn(new TableColumn($"p({Markup.Escape(PredictCommand.Visible(name))})").RightAligned());
        for (int i = 0; i < probabilities.Length / c; i++)
        {
            var row = probabilities.AsSpan(i * c, c);
            var cells = new List<string> { i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"[bold]{Markup.Escape(PredictCommand.Visible(classNames[Numerics.ArgMax.Index(row)]))}[/]" };
            foreach (float p in row) cells.Add($"{p:F3}");
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
    }
}
