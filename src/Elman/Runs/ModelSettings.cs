using Elman.Model;
using Elman.Layers;

namespace Elman.Runs;

/// <summary>The shape of a run's network and how its recurrent weights start.</summary>
public sealed record ModelSettings
{
    /// <summary>Hidden size H of every layer.</summary>
    public int Hidden { get; init; } = 64;
    /// <summary>Stacked Elman layers L.</summary>
    public int Layers { get; init; } = 1;
    /// <summary>σ of every layer.</summary>
    public Nonlinearity Nonlinearity { get; init; } = Nonlinearity.Tanh;
    /// <summary>Every layer also runs backwards in time (PyTorch's bidirectional=True).</summary>
    public bool Bidirectional { get; init; }
    /// <summary>Dropout between stacked layers while training (PyTorch's dropout).</summary>
    public double Dropout { get; init; }
    /// <summary>
    /// What the classifier reads of the top layer's outputs: the last state (PyTorch's h_n), or their max or
    /// mean over each sequence's valid steps. Stored in the model's config only when not <see cref="Pooling.Last"/>.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public Pooling Pooling { get; init; } = Pooling.Last;
    /// <summary>Initialisation of W_hh, times <see cref="InitScale"/>.</summary>
    public RecurrentInit Init { get; init; } = RecurrentInit.PyTorch;
    /// <summary>Scale of the <see cref="Init"/> matrix.</summary>
    public double InitScale { get; init; } = 1;
    /// <summary>After <see cref="Init"/>, rescale every W_hh to this spectral norm ‖W_hh‖₂ (null = leave it).</summary>
    public double? InitNorm { get; init; }
    /// <summary>After <see cref="Init"/>, rescale every W_hh to this spectral radius ρ (null = leave it).</summary>
    public double? InitRadius { get; init; }

    /// <summary>The network for data with <paramref name="vocabSize"/> tokens (0 = dense) of width <paramref name="inputSize"/> and <paramref name="outputs"/> outputs.</summary>
    public RnnConfig ToConfig(int vocabSize, int inputSize, int outputs, OutputHead head)
        => new(vocabSize, inputSize, Hidden, Layers, outputs, Nonlinearity, Bidirectional, Dropout, head, Pooling);

    /// <summary>A model initialised as PyTorch would from <paramref name="seed"/>, then W_hh as <see cref="Init"/> and the rescaling say.</summary>
    public RnnClassifier<float> CreateModel(RnnConfig config, ulong seed)
    {
        var model = RnnClassifier<float>.Create(config, seed);
        if (Init != RecurrentInit.PyTorch || InitScale != 1)
            RecurrentInitializer.Apply(model, Init, InitScale, Numerics.SeededRandom.Derive(seed, 4));
        if (InitNorm is { } s) RecurrentInitializer.RescaleToNorm(model, s);
        if (InitRadius is { } r) RecurrentInitializer.RescaleToRadius(model, r);
        return model;
    }

    /// <summary>One line for a run's header, e.g. "pytorch × 1, ρ(W_hh) = 0.95".</summary>
    public string DescribeInit()
    {
        string rescale = InitNorm is { } n ? $", ‖W_hh‖₂ = {n}" : InitRadius is { } r ? $", ρ(W_hh) = {r}" : "";
        return $"{Init.ToString().ToLowerInvariant()} × {InitScale}{rescale}";
    }
}
