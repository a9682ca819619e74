namespace Elman.Data.Text;

/// <summary>The rows read from a data file.</summary>
/// <param name="Source">The file as the user named it.</param>
/// <param name="Rows">The well-formed rows, in file order.</param>
/// <param name="Skipped">How many malformed rows were skipped (only with skipping on).</param>
/// <param name="FirstProblem">The first skipped row's problem, for the report; null when none was skipped.</param>
public sealed record LabelledTextFile(string Source, IReadOnlyList<LabelledText> Rows, int Skipped, DataFormatException? FirstProblem);
