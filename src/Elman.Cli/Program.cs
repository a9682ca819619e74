using System.CommandLine;
using Elman.Cli;
using Elman.Cli.Commands;

var root = new RootCommand("Elman: train and inspect Elman recurrent networks for sequence classification, with exact BPTT and PyTorch-compatible safetensors checkpoints.")
{
    TrainCommand.Create(),
    EvalCommand.Create(),
    GradCommand.Create(),
};
return CommandRunner.Run(root, args);
