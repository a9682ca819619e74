using System.CommandLine;
using Elman.Model;
using Elman.Runs;

namespace Elman.Cli.Commands;

/// <summary>The <c>train</c> options that shape the network and its initial weights (<see cref="ModelSettings"/>); unset ones keep the data's defaults.</summary>
sealed class ModelOptions
{
    readonly Option<int?> _hidden = new("--hidden") { Description = "Hidden size H of every layer (Hidden; default 64, text: the dataset's)" };
    readonly Option<int?> _layers = new("--layers") { Description = "Number of stacked Elman layers L (Layers; default 1)" };
    readonly Option<string?> _nonlinearity = new("--nonlinearity") { Description = "σ of every layer: tanh or relu (Nonlinearity; default tanh, text: the dataset's)" };
    readonly Option<bool?> _bidirectional = new("--bidirectional") { Description = "Also run every layer backwards in time (PyTorch's bidirectional=True); text: the dataset's setting unless given (--bidirectional false turns it off)" };
    readonly Option<double?> _dropout = new("--dropout") { Description = "Dropout probability between stacked layers while training (PyTorch's dropout; default 0)" };
    readonly Option<string?> _pooling = new("--pooling") { Description = "What the classifier reads of the top layer's outputs: last (the state after the last valid step), or their max or mean over each sequence's valid steps (Pooling; default last, text: the dataset's)" };
    readonly Option<string?> _head = new("--head") { Description = "Output head: classification (cross-entropy) or regression (MSE, one output); default: what the task needs" };
    readonly Option<string?> _init = new("--init") { Description = "Initialisation of W_hh: pytorch (U(±1/√H)), orthogonal, identity (IRNN: also zero recurrent biases) or glorot, times --init-scale (default pytorch, text: the dataset's)" };
    readonly Option<double?> _initNorm = new("--init-norm") { Description = "After --init, rescale every W_hh to spectral norm ‖W_hh‖₂ = s (the bound ‖∂h_t/∂h_i‖₂ ≤ s^(t-i))" };
    readonly Option<double?> _initRadius = new("--init-radius") { Description = "After --init, rescale every W_hh to spectral radius ρ (Pascanu et al.'s 'smart tanh': 0.95)" };
    readonly Option<double?> _initScale = new("--init-scale") { Description = "Scale of the --init matrix (e.g. identity × 1 for IRNN; orthogonal × s gives ‖W_hh‖₂ = s; default 1)" };

    public ModelOptions()
    {
        _nonlinearity.AcceptOnlyFromAmong("tanh", "relu");
        _pooling.AcceptOnlyFromAmong("last", "max", "mean");
        _head.AcceptOnlyFromAmong("classification", "regression");
        _init.AcceptOnlyFromAmong("pytorch", "orthogonal", "identity", "glorot");
    }

    public IEnumerable<Option> All => [_hidden, _layers, _nonlinearity, _bidirectional, _dropout, _pooling, _head, _init, _initScale, _initNorm, _initRadius];

    /// <summary><paramref name="defaults"/> with every option the user gave.</summary>
    public ModelSettings Apply(ParseResult parse, ModelSettings defaults) => defaults with
    {
        Hidden = parse.GetValue(_hidden) ?? defaults.Hidden,
        Layers = parse.GetValue(_layers) ?? defaults.Layers,
        Nonlinearity = parse.GetValue(_nonlinearity) is { } n ? RnnConfig.ParseNonlinearity(n, "--nonlinearity") : defaults.Nonlinearity,
        Bidirectional = parse.GetValue(_bidirectional) ?? defaults.Bidirectional,
        Dropout = parse.GetValue(_dropout) ?? defaults.Dropout,
        Pooling = parse.GetValue(_pooling) is { } p ? RnnConfig.ParsePooling(p, "--pooling") : defaults.Pooling,
        Init = parse.GetValue(_init) switch
        {
            null => defaults.Init,
            "orthogonal" => RecurrentInit.Orthogonal,
            "identity" => RecurrentInit.Identity,
            "glorot" => RecurrentInit.Glorot,
            _ => RecurrentInit.PyTorch,
        },
        InitScale = parse.GetValue(_initScale) ?? defaults.InitScale,
        InitNorm = parse.GetValue(_initNorm) ?? defaults.InitNorm,
        InitRadius = parse.GetValue(_initRadius) ?? defaults.InitRadius,
    };

    /// <summary>Refuses a --head that the data cannot train.</summary>
    public void CheckHead(ParseResult parse, OutputHead dataHead)
    {
        string needed = dataHead == OutputHead.Regression ? "regression" : "classification";
        if (parse.GetValue(_head) is { } head && head != needed)
            throw new ElmanException($"--head {head} does not fit the data, which need a {needed} head");
    }
}
