using Elman.Data;
using Elman.Model;
using Elman.Numerics;

namespace Elman.Training;

/// <summary>Loss, accuracy and confusion matrix of a model on a labelled dataset.</summary>
/// <param name="Loss">Mean cross-entropy (mean squared error for a regression head).</param>
/// <param name="Accuracy">Fraction of sequences whose most probable class is the label; NaN for regression.</param>
/// <param name="Confusion">Counts [true class, predicted class]; empty for regression.</param>
/// <param name="Count">Number of sequences evaluated.</param>
public sealed record EvaluationResult(double Loss, double Accuracy, int[,] Confusion, int Count)
{
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
        double _lossSum;
        int _count, _correct;

        public void Add(RnnClassifier<float> model, in SequenceBatch<float> batch)
        {
            model.Forward(batch);
            int n = batch.BatchSize;
            _lossSum += model.Loss * n;
            _count += n;
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

        public EvaluationResult Result() => new(_lossSum / _count, classes == 1 ? double.NaN : (double)_correct / _count, _confusion, _count);
    }
}
