using System.CommandLine;
using Elman.Cli;
using Elman.Cli.Commands;
using Spectre.Console;

// Redirected output (logs, CI) has no terminal width: Spectre would wrap at 80 columns.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;

var root = new RootCommand("Elman: train and inspect Elman recurrent networks for sequence classification, with exact BPTT and PyTorch-compatible safetensors checkpoints.")
{
    TrainCommand.Create(),
    EvalCommand.Create(),
    GradCommand.Create(),
    JacobianCommand.Create(),
    AnalyseCommand.Create(),
    ExperimentCommand.Create(),
    ExportCommand.Create(),
    BenchCommand.Create(),
    PredictCommand.Create(),
    DataCommand.Create(),
    ClusterCommand.Create(),
};
return CommandRunner.Run(root, args);
