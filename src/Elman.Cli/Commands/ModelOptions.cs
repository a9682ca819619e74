using System.CommandLine;
using Elman.Model;
using Elman.Numerics;

namespace Elman.Cli.Commands;

/// <summary>The <c>train</c> options that shape the network and its initial weights.</summary>
sealed class ModelOptions
{
    readonly Option<int> _hidden = new("--hidden") { Description = "Hidden size H of every layer", DefaultValueFactory = _ => 64 };
    readonly Option<int> _layers = new("--layers") { Description = "Number of stacked Elman layers L", DefaultValueFactory = _ => 1 };
    readonly Option<string> _nonlinearity = new("--nonlinearity") { Description = "σ of every layer", DefaultValueFactory = _ => "tanh" };
    readonly Option<bool> _bidirectional = new("--bidirectional") { Description = "Also run every layer backwards in time (PyTorch's bidirectional=True); text: the dataset's setting unless given (--bidirectional false turns it off)" };
    readonly Option<double> _dropout = new("--dropout") { Description = "Dropout probability between stacked layers while training (PyTorch's dropout)", DefaultValueFactory = _ => 0.0 };
    readonly Option<string?> _head = new("--head") { Description = "Output head: classification (cross-entropy) or regression (MSE, one output); default: what the task needs" };
    readonly Option<string> _init = new("--init") { Description = "Initialisation of W_hh: pytorch (U(±1/√H)), orthogonal, identity (IRNN: also zero recurrent biases) or glorot, times --init-scale", DefaultValueFactory = _ => "pytorch" };
    readonly Option<double?> _initNorm = new("--init-norm") { Description = "After --init, rescale every W_hh to spectral norm ‖W_hh‖₂ = s (the bound ‖∂h_t/∂h_i‖₂ ≤ s^(t-i))" };
    readonly Option<double?> _initRadius = new("--init-radius") { Description = "After --init, rescale every W_hh to spectral radius ρ (Pascanu et al.'s 'smart tanh': 0.95)" };
    readonly Option<double> _initScale = new("--init-scale") { Description = "Scale of the --init matrix (e.g. identity × 1 for IRNN; orthogonal × s gives ‖W_hh‖₂ = s)", DefaultValueFactory = _ => 1.0 };

    public ModelOptions()
    {
        _nonlinearity.AcceptOnlyFromAmong("tanh", "relu");
        _head.AcceptOnlyFromAmong("classification", "regression");
        _init.AcceptOnlyFromAmong("pytorch", "orthogonal", "identity", "glorot");
    }

    /// <summary>--hidden, for callers with their own default (text datasets).</summary>
    public Option<int> HiddenOption => _hidden;

    /// <summary>--bidirectional, for callers with their own default (text datasets).</summary>
    public Option<bool> BidirectionalOption => _bidirectional;

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _hidden, _layers, _nonlinearity, _bidirectional, _dropout, _head, _init, _initScale, _initNorm, _initRadius })
            command.Options.Add(option);
    }

    /// <summary>The config for data of width <paramref name="inputSize"/> (or a vocabulary) with <paramref name="outputs"/> outputs and the head the data need.</summary>
    public RnnConfig Read(ParseResult parse, int vocabSize, int inputSize, int outputs, OutputHead dataHead)
    {
        double dropout = parse.GetValue(_dropout);
        if (!(dropout >= 0 && dropout < 1)) throw new ElmanException($"--dropout is {dropout}, expected 0 ≤ p < 1");
        string needed = dataHead == OutputHead.Regression ? "regression" : "classification";
        if (parse.GetValue(_head) is { } head && head != needed)
            throw new ElmanException($"--head {head} does not fit the data, which need a {needed} head");
        return new RnnConfig(vocabSize, inputSize,
            CommonOptions.InRange(parse.GetValue(_hidden), "--hidden", 1, 65_536),
            CommonOptions.InRange(parse.GetValue(_layers), "--layers", 1, 64),
            outputs,
            RnnConfig.ParseNonlinearity(parse.GetValue(_nonlinearity)!, "--nonlinearity"),
            parse.GetValue(_bidirectional), dropout, dataHead);
    }

    /// <summary>A model initialised as PyTorch would, then with W_hh replaced as --init says.</summary>
    public RnnClassifier<float> CreateModel(ParseResult parse, RnnConfig config, ulong seed)
    {
        var model = RnnClassifier<float>.Create(config, seed);
        string init = parse.GetValue(_init)!;
        double scale = CommonOptions.Positive(parse.GetValue(_initScale), "--init-scale");
        if (init != "pytorch" || scale != 1)
        {
            var kind = init switch { "orthogonal" => RecurrentInit.Orthogonal, "identity" => RecurrentInit.Identity, "glorot" => RecurrentInit.Glorot, _ => RecurrentInit.PyTorch };
            RecurrentInitializer.Apply(model, kind, scale, SeededRandom.Derive(seed, 4));
        }
        double? norm = parse.GetValue(_initNorm), radius = parse.GetValue(_initRadius);
        if (norm is not null && radius is not null) throw new ElmanException("--init-norm and --init-radius both rescale W_hh; give one of them");
        if (norm is { } s) RecurrentInitializer.RescaleToNorm(model, CommonOptions.Positive(s, "--init-norm"));
        if (radius is { } r) RecurrentInitializer.RescaleToRadius(model, CommonOptions.Positive(r, "--init-radius"));
        return model;
    }

    /// <summary>A one-line description of the initialisation, for the run's header.</summary>
    public string DescribeInit(ParseResult parse)
    {
        string rescale = parse.GetValue(_initNorm) is { } n ? $", ‖W_hh‖₂ = {n}" : parse.GetValue(_initRadius) is { } r ? $", ρ(W_hh) = {r}" : "";
        return $"{parse.GetValue(_init)} × {parse.GetValue(_initScale)}{rescale}";
    }
}
