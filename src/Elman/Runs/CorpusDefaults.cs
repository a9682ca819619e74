using Elman.Data.Text;
using Elman.Layers;
using Elman.Model;
using Elman.Training;

namespace Elman.Runs;

/// <summary>
/// The settings <c>elman train --dataset NAME</c> uses unless told otherwise: chosen so that training
/// meets the corpus's accuracy target within its time budget on two cores (see the README).
/// </summary>
/// <param name="Tokenizer">Characters or words.</param>
/// <param name="MaxLength">Texts are truncated to this many tokens.</param>
/// <param name="KeepLast">Keep the last <paramref name="MaxLength"/> tokens of a long text rather than the first.</param>
/// <param name="MinFrequency">Rarer training tokens map to unknown.</param>
/// <param name="MaxVocabulary">At most this many vocabulary ids (0 = no limit).</param>
/// <param name="Embedding">Embedding width D.</param>
/// <param name="Hidden">Hidden size H.</param>
/// <param name="Epochs">Maximum epochs.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="BatchSize">Sequences per step.</param>
/// <param name="Clip">Gradient-norm clipping threshold (0 = off).</param>
/// <param name="Patience">Epochs without a better validation loss before stopping (0 = never).</param>
/// <param name="Bidirectional">Read every text in both directions.</param>
/// <param name="TokenDropout">Share of training tokens replaced by unknown each epoch (<see cref="Elman.Data.TokenDropout"/>).</param>
/// <param name="EmaDecay">Decay of the moving average of the weights that is validated and kept (0 = none).</param>
/// <param name="Ensemble">Members trained with seeds S, S+1, … and merged into one model (<see cref="Elman.Model.Ensemble"/>).</param>
/// <param name="Nonlinearity">σ of the recurrent layer.</param>
/// <param name="Init">How W_hh starts (identity with ReLU: the IRNN).</param>
/// <param name="Pooling">What the classifier reads of the states.</param>
/// <param name="SelectBy">Which validation number keeps an epoch and drives early stopping.</param>
public sealed record CorpusDefaults(TokenizerKind Tokenizer, int MaxLength, bool KeepLast, int MinFrequency, int MaxVocabulary,
    int Embedding, int Hidden, int Epochs, double LearningRate, int BatchSize, double Clip, int Patience,
    bool Bidirectional = false, double TokenDropout = 0, double EmaDecay = 0, int Ensemble = 1,
    Nonlinearity Nonlinearity = Nonlinearity.Tanh, RecurrentInit Init = RecurrentInit.PyTorch, Pooling Pooling = Pooling.Last,
    ValidationMetric SelectBy = ValidationMetric.Loss)
{
    /// <summary>For a user's own file (<c>--data</c>): words, as for the spam corpus.</summary>
    public static CorpusDefaults UserData { get; } = new(TokenizerKind.Word, MaxLength: 100, KeepLast: true, MinFrequency: 2, MaxVocabulary: 20_000,
        Embedding: 64, Hidden: 128, Epochs: 10, LearningRate: 2e-3, BatchSize: 32, Clip: 1.0, Patience: 3);
}
