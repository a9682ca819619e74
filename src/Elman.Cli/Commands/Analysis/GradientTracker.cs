using Elman.Analysis;
using Elman.Cli.Plots;
using Elman.Data;
using Elman.Model;
using Elman.Training;

namespace Elman.Cli.Commands;

/// <summary>
/// <c>elman train --track-gradients</c>: after every epoch, ‖W_hh‖₂ of every layer and direction, the
/// gradient norm and the top layer's ‖∂ℓ/∂h_i‖₂ against lag (forward T - i and, when bidirectional,
/// reverse i - 1) on a fixed probe batch, appended to <c>{model}.gradients.csv</c> (rewritten each epoch,
/// so an interrupted run keeps what it measured) and plotted into <c>{model}.gradients.png</c> at the end.
/// </summary>
sealed class GradientTracker
{
    /// <summary>How many validation sequences form the probe batch.</summary>
    public const int ProbeSize = 64;

    readonly GradientProbe _probe;
    readonly RnnClassifier<float> _model;
    readonly List<(EpochReport Epoch, GradientFlowSnapshot Flow)> _rows = [];

    GradientTracker(RnnClassifier<float> model, SequenceDataset probeData, string modelPath)
    {
        _model = model;
        _probe = new GradientProbe(model.Config, AnalysisBatch.FromDataset(probeData, ProbeSize));
        string stem = Path.Join(Path.GetDirectoryName(modelPath), Path.GetFileNameWithoutExtension(modelPath));
        CsvPath = stem + ".gradients.csv";
        PngPath = stem + ".gradients.png";
    }

    public string CsvPath { get; }
    public string PngPath { get; }
    public IReadOnlyList<(EpochReport Epoch, GradientFlowSnapshot Flow)> Rows => _rows;

    /// <summary>Measures after every epoch of <paramref name="trainer"/>, on the first <see cref="ProbeSize"/> sequences of <paramref name="probeData"/>.</summary>
    public static GradientTracker Attach(Trainer trainer, RnnClassifier<float> model, SequenceDataset probeData, string modelPath)
    {
        var tracker = new GradientTracker(model, probeData, modelPath);
        trainer.EpochCompleted += tracker.Record;
        return tracker;
    }

    void Record(EpochReport epoch)
    {
        _rows.Add((epoch, _probe.Measure(_model.Weights)));
        WriteCsv();
    }

    /// <summary>Writes the plot (when at least one epoch was measured) and returns the paths written.</summary>
    public IReadOnlyList<string> Finish()
    {
        if (_rows.Count == 0) return [];
        TrainingGradientPlots.Save(this, PngPath);
        return [CsvPath, PngPath];
    }

    void WriteCsv()
    {
        int layers = _model.Config.NumLayers, lags = _rows.Max(r => r.Flow.LossGradientNorms.Length);
        bool reverse = _model.Config.Bidirectional;
        var header = new List<string> { "epoch", "train_loss", "validation_loss", "train_gradient_norm_mean", "probe_loss", "probe_gradient_norm" };
        header.AddRange(Enumerable.Range(0, layers).Select(k => $"spectral_norm_whh_l{k}"));
        header.AddRange(Enumerable.Range(0, lags).Select(lag => $"loss_gradient_norm_lag{lag}"));
        if (reverse)
        {
            header.AddRange(Enumerable.Range(0, layers).Select(k => $"spectral_norm_whh_l{k}_reverse"));
            header.AddRange(Enumerable.Range(0, lags).Select(lag => $"loss_gradient_norm_reverse_lag{lag}"));
        }
        static IEnumerable<object> ByLag(LagSummary[] summary, int lags)
            => Enumerable.Range(0, lags).Select(lag => (object)(lag < summary.Length ? summary[lag].Mean : double.NaN));
        CsvFile.Write(CsvPath, header, _rows.Select(r =>
        {
            var row = new List<object> { r.Epoch.Epoch, r.Epoch.TrainLoss, r.Epoch.Validation?.Loss ?? double.NaN, r.Epoch.MeanGradientNorm, r.Flow.Loss, r.Flow.GradientNorm };
            row.AddRange(r.Flow.SpectralNormsWhh.Cast<object>());
            row.AddRange(ByLag(r.Flow.LossGradientNorms, lags));
            if (reverse)
            {
                row.AddRange(r.Flow.ReverseSpectralNormsWhh.Cast<object>());
                row.AddRange(ByLag(r.Flow.ReverseLossGradientNorms, lags));
            }
            return (IReadOnlyList<object>)row;
        }));
    }
}
