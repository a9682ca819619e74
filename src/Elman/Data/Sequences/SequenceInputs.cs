using Elman.Model;

namespace Elman.Data.Sequences;

/// <summary>
/// Numeric sequences as a trained model reads them: checked against its input width, standardised with the
/// statistics stored in its checkpoint (<see cref="FeatureStandardizer"/>), labels mapped to its classes. Evaluation,
/// prediction and analysis read raw files through this one door, so they answer exactly as training saw the data.
/// </summary>
public static class SequenceInputs
{
    /// <summary>Reads <paramref name="path"/> for the model of <paramref name="config"/> and <paramref name="metadata"/> (from <paramref name="modelPath"/>).</summary>
    /// <param name="path">The sequence file (any format <see cref="NumericSequenceFile"/> reads).</param>
    /// <param name="config">The model's configuration.</param>
    /// <param name="metadata">The model's metadata: normalisation and class names.</param>
    /// <param name="classNames">The model's classes, in order.</param>
    /// <param name="modelPath">Names the model in errors.</param>
    /// <param name="options">How the file is read; <see cref="NumericReadOptions.RequireLabels"/> false reads unlabelled sequences.</param>
    /// <exception cref="ElmanException">The model reads tokens, the widths differ, a label is not a class of the model, or the file is malformed.</exception>
    public static NumericSequences Read(string path, RnnConfig config, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<string> classNames, string modelPath, NumericReadOptions? options = null)
    {
        if (config.HasEmbedding) throw new ElmanException($"{modelPath}: the model reads tokens (text), not numeric sequences");
        var data = NumericSequenceFile.Read(path, options);
        if (data.Features != config.InputSize)
            throw new ElmanException($"{path}: sequences have D = {data.Features} features, but {modelPath} reads {config.InputSize}");
        FeatureStandardizer.ReadFrom(metadata, modelPath).ApplyInPlace(data);
        return data.HasLabels ? data.WithClasses(classNames) : data;
    }
}
