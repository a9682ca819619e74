using System.Collections.Concurrent;
using System.Numerics;
using Elman.Data;

namespace Elman.Model;

/// <summary>
/// Thread-safe inference on one trained model: any number of threads may call <see cref="Predict"/> at
/// once. Each call borrows an instance that shares the model's weights (<see cref="RnnClassifier{T}.ShareWeights"/>)
/// and has its own activations, so results equal those of sequential calls exactly. The weights must
/// not change while predictions run.
/// </summary>
public sealed class Predictor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly RnnClassifier<T> _model;
    readonly ConcurrentBag<RnnClassifier<T>> _idle = [];

    /// <summary>A predictor for <paramref name="model"/> (its weights are shared, not copied).</summary>
    public Predictor(RnnClassifier<T> model)
    {
        _model = model;
        _idle.Add(model.ShareWeights());
    }

    /// <summary>The model's shape.</summary>
    public RnnConfig Config => _model.Config;

    /// <summary>
    /// Class probabilities [B, C] (for a regression head, the predictions [B, 1]) of <paramref name="batch"/>,
    /// in a new array. Labels in the batch are ignored.
    /// </summary>
    /// <exception cref="ElmanException">The batch does not fit the model.</exception>
    public T[] Predict(in SequenceBatch<T> batch)
    {
        var unlabelled = batch.IsTokens
            ? SequenceBatch<T>.FromTokens(batch.Tokens, batch.BatchSize, batch.Steps, batch.Lengths)
            : SequenceBatch<T>.Dense(batch.X, batch.BatchSize, batch.Steps, batch.InputSize, batch.Lengths);
        if (!_idle.TryTake(out var instance)) instance = _model.ShareWeights();
        try
        {
            instance.Forward(unlabelled);
            return instance.Probabilities.ToArray();
        }
        finally
        {
            _idle.Add(instance);
        }
    }

    /// <summary>The most probable class of each sequence (first on ties).</summary>
    public int[] PredictClasses(in SequenceBatch<T> batch)
    {
        if (Config.IsRegression) throw new InvalidOperationException("a regression model predicts values, not classes; use Predict");
        var p = Predict(batch);
        int c = Config.NumClasses;
        var classes = new int[batch.BatchSize];
        for (int b = 0; b < classes.Length; b++)
        {
            int best = 0;
            for (int k = 1; k < c; k++) if (p[b * c + k] > p[b * c + best]) best = k;
            classes[b] = best;
        }
        return classes;
    }
}
