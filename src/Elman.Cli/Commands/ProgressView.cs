using System.Diagnostics;
using Elman.Training;
using Spectre.Console;

namespace Elman.Cli.Commands;

/// <summary>
/// Shows training as it runs: a live bar with epoch, loss, accuracy and steps/s on a terminal, one line
/// per epoch everywhere (so logs and CI output stay readable).
/// </summary>
static class ProgressView
{
    public static void Run(int epochs, Trainer trainer, Func<EpochReport, string> describeEpoch, Action fit)
    {
        double stepsPerSecond = 0;
        trainer.EpochCompleted += report =>
            AnsiConsole.MarkupLine(Markup.Escape($"{describeEpoch(report)}  {stepsPerSecond:F0} steps/s"));
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            trainer.StepCompleted += p => stepsPerSecond = p.StepsPerSecond;
            fit();
            return;
        }
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var bar = ctx.AddTask("starting", maxValue: epochs);
                var throttle = Stopwatch.StartNew();
                trainer.StepCompleted += p =>
                {
                    stepsPerSecond = p.StepsPerSecond;
                    if (throttle.ElapsedMilliseconds < 100 && p.Step != p.StepsPerEpoch) return;
                    throttle.Restart();
                    bar.Value = p.Epoch - 1 + (double)p.Step / p.StepsPerEpoch;
                    bar.Description = $"epoch {p.Epoch}/{epochs}  loss {p.Loss:F4}  acc {p.Accuracy:P1}  {p.StepsPerSecond:F0} steps/s";
                };
                fit();
                bar.Value = epochs;
            });
    }
}
