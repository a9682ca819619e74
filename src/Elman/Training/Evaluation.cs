using Elman.Data;
using Elman.Model;
using Elman.Numerics;

namespace Elman.Training;

/// <summary>Loss, accuracy, macro-F1 and confusion matrix of a model on a labelled dataset.</summary>
/// <param name="Loss">
/// Mean cross-entropy (mean squared error for a regression head). When the model has
/// <see cref="RnnClassifier{T}.ClassWeights"/> (as while a <see cref="Trainer"/> trains with class weights), the weighted mean over the
/// whole set, what PyTorch's <c>CrossEntropyLoss(weight=w)</c> gives on all of it at once: Σ_i w_{y_i} ℓ_i / Σ_i w_{y_i}.
/// </param>
/// <param name="Accuracy">Fraction of sequences whose most probable class is the label; NaN for regression.</param>
/// <param name="Confusion">Counts [true class, predicted class]; empty for regression.</param>
/// <param name="Count">Number of sequences evaluated.</param>
public sealed record EvaluationResult(double Loss, double Accuracy, int[,] Confusion, int Count)
{
    /// <summary>
    /// The unweighted mean of the per-class F1 scores over all C classes, scikit-learn's
    /// <c>f1_score(y, ŷ, labels=range(C), average="macro", zero_division=0)</c> (<see cref="ClassificationReport.MacroF1"/>); NaN for regression.
    /// </summary>
    public double MacroF1 { get; init; } = double.NaN;

    /// <summary>Runs <paramref name="model"/> over all of <paramref name="data"/> in batches of <paramref name="batchSize"/>.</summary>
    public static EvaluationResult Evaluate(RnnClassifier<float> model, SequenceDataset data, int batchSize = 256)
    {
        if (data.Count == 0) throw new ElmanException("cannot evaluate on an empty dataset");
        var tally = new Tally(model.Config.NumClasses);
        var buffer = new BatchBuffer(data, Math.Min(batchSize, data.Count));
        var indices = new int[Math.Min(batchSize, data.Count)];
        for (int start = 0; start < data.Count; start += indices.Length)
        {
            int n = Math.Min(indices.Length, data.Count - start);
            for (int i = 0; i < n; i++) indices[i] = start + i;
            tally.Add(model, buffer.Fill(indices.AsSpan(0, n)));
        }
        return tally.Result();
    }

    /// <summary>Runs <paramref name="model"/> on one labelled batch.</summary>
    public static EvaluationResult Evaluate(RnnClassifier<float> model, in SequenceBatch<float> batch)
    {
        if (!batch.HasLabels && !batch.HasTargets) throw new ElmanException("cannot evaluate a batch without labels 'y'");
        var tally = new Tally(model.Config.NumClasses);
        tally.Add(model, batch);
        return tally.Result();
    }

    sealed class Tally(int classes)
    {
        readonly int[,] _confusion = classes == 1 ? new int[0, 0] : new int[classes, classes];
        double _lossSum, _weightSum;
        int _count, _correct;

        public void Add(RnnClassifier<float> model, in SequenceBatch<float> batch)
        {
            model.Forward(batch);
            int n = batch.BatchSize;
            _count += n;
            var weights = model.ClassWeights.Span;
            if (weights.IsEmpty)
            {
                _lossSum += model.Loss * n;
                _weightSum += n;
            }
            else
            {
                // The batch's loss is Σ_b w ℓ_b / Σ_b w: times Σ_b w it adds to the set's numerator (nothing when Σ_b w = 0).
                double w = 0;
                foreach (int y in batch.Labels.Span) w += weights[y];
                if (w > 0) _lossSum += (double)model.Loss * w;
                _weightSum += w;
            }
            if (model.Config.IsRegression) return;
            var labels = batch.Labels.Span;
            var probabilities = model.Probabilities;
            for (int b = 0; b < n; b++)
            {
                int predicted = ArgMax.Index(probabilities.Slice(b * classes, classes));
                _confusion[labels[b], predicted]++;
                if (predicted == labels[b]) _correct++;
            }
        }

        public EvaluationResult Result() => new(_lossSum / _weightSum, classes == 1 ? double.NaN : (double)_correct / _count, _confusion, _count)
        {
            MacroF1 = classes == 1 ? double.NaN : ClassificationReport.FromConfusion(_confusion).MacroF1,
        };
    }
}
