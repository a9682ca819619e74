namespace Elman.Data.Text;

/// <summary>A model's answer for one text.</summary>
/// <param name="Text">The text classified.</param>
/// <param name="ClassIndex">The most probable class.</param>
/// <param name="Label">Its name.</param>
/// <param name="Probabilities">p(class | text) for every class, by class index.</param>
public sealed record TextPrediction(string Text, int ClassIndex, string Label, IReadOnlyList<float> Probabilities);
