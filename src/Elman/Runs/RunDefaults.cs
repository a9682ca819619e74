using Elman.Training;

namespace Elman.Runs;

/// <summary>
/// The run a kind of data gets unless told otherwise. Synthetic tasks: 64 tanh units, Adam 1e-3, batch 32,
/// 20 epochs. Corpora: their own settings (each corpus's <see cref="CorpusDefaults"/>, one place per corpus, given by the
/// caller that knows the corpus). A user's texts: <see cref="CorpusDefaults.UserData"/>.
/// </summary>
public static class RunDefaults
{
    /// <summary>Momentum when an optimiser that takes it (SGD, RMSprop) is chosen without one.</summary>
    public const double Momentum = 0.9;

    /// <summary>The default run on <paramref name="data"/>; a corpus's run starts from <paramref name="corpus"/>, its own settings.</summary>
    /// <exception cref="ElmanException">A corpus without its settings.</exception>
    public static TrainingRun For(RunData data, CorpusDefaults? corpus = null) => data switch
    {
        SyntheticData => new TrainingRun
        {
            Data = data,
            Optimization = new TrainingOptions { Epochs = 20, BatchSize = 32, LearningRate = 1e-3 },
        },
        CorpusData c => ForText(data, corpus ?? throw new ElmanException($"the corpus '{c.Corpus}' needs its default settings")),
        NumericFileData or SequenceCorpusData => ForSequences(data),
        _ => ForText(data, CorpusDefaults.UserData),
    };

    // Numeric sequences (docs/numeric-sequences.md gives the reasons): standardised features, so one learning rate fits
    // any units; 64 tanh units and Adam 1e-3 as for the synthetic tasks; clipping at 1, as sensor series can have
    // long stretches where gradients pile up; early stopping after 5 epochs without a better validation loss, within 50.
    static TrainingRun ForSequences(RunData data) => new()
    {
        Data = data,
        Sequences = new SequenceSettings(),
        Model = new ModelSettings { Hidden = 64 },
        Optimization = new TrainingOptions { Epochs = 50, BatchSize = 32, LearningRate = 1e-3, Clip = ClipMode.Norm, ClipThreshold = 1.0, Patience = 5 },
    };

    static TrainingRun ForText(RunData data, CorpusDefaults d) => new()
    {
        Data = data,
        Text = new TextSettings
        {
            Tokenizer = d.Tokenizer,
            MinFrequency = d.MinFrequency,
            MaxVocabulary = d.MaxVocabulary,
            MaxLength = d.MaxLength,
            KeepTokens = d.KeepLast ? KeepTokens.Last : KeepTokens.First,
            Embedding = d.Embedding,
            TokenDropout = d.TokenDropout,
        },
        Model = new ModelSettings { Hidden = d.Hidden, Bidirectional = d.Bidirectional, Nonlinearity = d.Nonlinearity, Init = d.Init, Pooling = d.Pooling },
        Optimization = new TrainingOptions
        {
            Epochs = d.Epochs,
            BatchSize = d.BatchSize,
            LearningRate = d.LearningRate,
            Clip = d.Clip > 0 ? ClipMode.Norm : ClipMode.None,
            ClipThreshold = d.Clip > 0 ? d.Clip : 1.0,
            Patience = d.Patience,
            EmaDecay = d.EmaDecay,
            SelectBy = d.SelectBy,
        },
        Ensemble = d.Ensemble,
    };
}
