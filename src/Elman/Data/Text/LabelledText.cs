namespace Elman.Data.Text;

/// <summary>One example for text classification.</summary>
/// <param name="Text">The raw text.</param>
/// <param name="Label">The class, as written in the data (any string).</param>
/// <param name="Group">Examples with the same group always land in the same split (e.g. the passages of one speech); null for none.</param>
public sealed record LabelledText(string Text, string Label, string? Group = null);
