using Elman.Model;
using Microsoft.ML;
using Elman.Layers;

namespace Elman.MLNet;

/// <summary>Adds the Elman text classifier to <c>mlContext.MulticlassClassification.Trainers</c>.</summary>
public static class MulticlassCatalogExtensions
{
    /// <summary>
    /// An Elman RNN text classifier: text column in, Score and PredictedLabel out, like ML.NET's
    /// multiclass trainers. The label must be a key (e.g. from <c>MapValueToKey</c>).
    /// </summary>
    /// <param name="trainers">The catalog (its environment is not needed: training runs in Elman).</param>
    /// <param name="labelColumnName">The key-typed label column.</param>
    /// <param name="textColumnName">The text column.</param>
    /// <param name="hidden">H of every Elman layer (<see cref="Elman.Runs.ModelSettings.Hidden"/>).</param>
    /// <param name="layers">Stacked Elman layers.</param>
    /// <param name="nonlinearity">σ of every layer.</param>
    /// <param name="epochs">Passes over the training rows.</param>
    /// <param name="seed">Seeds initialisation and shuffling.</param>
    public static ElmanTextClassificationEstimator ElmanTextClassification(this MulticlassClassificationCatalog.MulticlassClassificationTrainers trainers,
        string labelColumnName = "Label", string textColumnName = "Text", int hidden = 128, int layers = 1,
        Nonlinearity nonlinearity = Nonlinearity.Tanh, int epochs = 10, ulong seed = 0)
    {
        var defaults = new ElmanTextClassificationOptions();
        return trainers.ElmanTextClassification(defaults with
        {
            LabelColumnName = labelColumnName,
            TextColumnName = textColumnName,
            Model = defaults.Model with { Hidden = hidden, Layers = layers, Nonlinearity = nonlinearity },
            Optimization = defaults.Optimization with { Epochs = epochs },
            Seed = seed,
        });
    }

    /// <summary>An Elman RNN text classifier with every option (tokenizer, vocabulary, network, training).</summary>
    /// <param name="trainers">The catalog.</param>
    /// <param name="options">The options.</param>
    public static ElmanTextClassificationEstimator ElmanTextClassification(this MulticlassClassificationCatalog.MulticlassClassificationTrainers trainers,
        ElmanTextClassificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(trainers);
        return new ElmanTextClassificationEstimator(options);
    }
}
