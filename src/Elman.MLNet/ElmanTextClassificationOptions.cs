using Elman.Data.Text;
using Elman.Model;
using Elman.Training;

namespace Elman.MLNet;

/// <summary>
/// What <see cref="ElmanTextClassificationEstimator"/> reads and writes, how it tokenizes, the shape of
/// the network (embedding → Elman layers → linear classifier on the last valid state) and how it trains
/// (Adam with PyTorch's semantics, mini-batches shuffled by seed).
/// </summary>
public sealed record ElmanTextClassificationOptions
{
    /// <summary>The input text column (scalar text).</summary>
    public string TextColumnName { get; init; } = "Text";
    /// <summary>The label column: a key type with 2 or more values, e.g. from <c>MapValueToKey</c>.</summary>
    public string LabelColumnName { get; init; } = "Label";
    /// <summary>The output column of class probabilities (vector of C floats that sum to 1).</summary>
    public string ScoreColumnName { get; init; } = "Score";
    /// <summary>The output column of the most probable class, with the label's key type.</summary>
    public string PredictedLabelColumnName { get; init; } = "PredictedLabel";

    /// <summary>Characters or words, cut as <c>elman train --tokenizer</c> cuts them (<see cref="Elman.Data.Text.Tokenizer"/>).</summary>
    public TokenizerKind Tokenizer { get; init; } = TokenizerKind.Word;
    /// <summary>Lower-case the text (invariant culture) before tokenizing.</summary>
    public bool LowerCase { get; init; } = true;
    /// <summary>Texts longer than this many tokens keep their first MaxLength tokens.</summary>
    public int MaxLength { get; init; } = 128;
    /// <summary>Tokens seen fewer times than this in training map to the unknown id.</summary>
    public int MinTokenCount { get; init; } = 1;
    /// <summary>At most this many ids, padding and unknown included; the most frequent tokens are kept.</summary>
    public int MaxVocabularySize { get; init; } = 20_000;

    /// <summary>D: the embedding width.</summary>
    public int EmbeddingSize { get; init; } = 32;
    /// <summary>H: the width of every Elman layer.</summary>
    public int HiddenSize { get; init; } = 64;
    /// <summary>L: stacked Elman layers.</summary>
    public int NumLayers { get; init; } = 1;
    /// <summary>σ of every layer.</summary>
    public Nonlinearity Nonlinearity { get; init; } = Nonlinearity.Tanh;
    /// <summary>Whether every layer also reads the text backwards (the classifier then sees both final states).</summary>
    public bool Bidirectional { get; init; }
    /// <summary>Dropout probability between layers while training (PyTorch's nn.RNN dropout).</summary>
    public double Dropout { get; init; }

    /// <summary>Passes over the training rows.</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>Rows per step.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Adam's step size.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Clip the gradient to this 2-norm before each step (PyTorch's clip_grad_norm_); null leaves it alone.</summary>
    public double? ClipNorm { get; init; } = 1.0;
    /// <summary>While training, each token becomes unknown with this probability, drawn afresh every epoch (word dropout); 0 = off.</summary>
    public double TokenDropout { get; init; }
    /// <summary>Decay per step of a moving average of the weights that training ends with instead of the last iterate (e.g. 0.999); 0 = off.</summary>
    public double WeightAverageDecay { get; init; }
    /// <summary>Models trained with seeds Seed, Seed+1, … and merged into one RNN of EnsembleSize·HiddenSize units whose logits are their mean (<see cref="Model.Ensemble"/>); 1 = a single model.</summary>
    public int EnsembleSize { get; init; } = 1;
    /// <summary>Seeds initialisation and shuffling: the same seed, data and thread count give bit-identical weights.</summary>
    public ulong Seed { get; init; }
    /// <summary>Threads for the matrix products while training.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        static void Require(bool ok, string name, object value, string expected)
        {
            if (!ok) throw new ArgumentException($"{name} is {value}, expected {expected}", name);
        }
        foreach (var (name, column) in new[] { (nameof(TextColumnName), TextColumnName), (nameof(LabelColumnName), LabelColumnName), (nameof(ScoreColumnName), ScoreColumnName), (nameof(PredictedLabelColumnName), PredictedLabelColumnName) })
            Require(!string.IsNullOrEmpty(column), name, "empty", "a column name");
        Require(Enum.IsDefined(Tokenizer), nameof(Tokenizer), Tokenizer, "Characters or Words");
        Require(MaxLength >= 1, nameof(MaxLength), MaxLength, "≥ 1");
        Require(MinTokenCount >= 1, nameof(MinTokenCount), MinTokenCount, "≥ 1");
        Require(MaxVocabularySize >= 3, nameof(MaxVocabularySize), MaxVocabularySize, "≥ 3 (padding, unknown and one token)");
        Require(EmbeddingSize >= 1, nameof(EmbeddingSize), EmbeddingSize, "≥ 1");
        Require(HiddenSize >= 1, nameof(HiddenSize), HiddenSize, "≥ 1");
        Require(NumLayers >= 1, nameof(NumLayers), NumLayers, "≥ 1");
        Require(Dropout is >= 0 and < 1, nameof(Dropout), Dropout, "0 ≤ p < 1");
        Require(Threads is >= 1 and <= 256, nameof(Threads), Threads, "1 to 256");
        Require(ClipNorm is null or > 0, nameof(ClipNorm), ClipNorm!, "a positive norm or null");
        Require(TokenDropout is >= 0 and < 1, nameof(TokenDropout), TokenDropout, "0 ≤ p < 1");
        Require(WeightAverageDecay is >= 0 and < 1, nameof(WeightAverageDecay), WeightAverageDecay, "0 (off) or a decay 0 < d < 1");
        Require(EnsembleSize is >= 1 and <= 64, nameof(EnsembleSize), EnsembleSize, "1 to 64");
        TrainingOptions().Validate();
    }

    internal TrainingOptions TrainingOptions() => new()
    {
        Epochs = Epochs,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        Optimizer = OptimizerKind.Adam,
        Clip = ClipNorm is null ? ClipMode.None : ClipMode.Norm,
        ClipThreshold = ClipNorm ?? 1.0,
        EmaDecay = WeightAverageDecay,
        Seed = Seed,
    };
}
