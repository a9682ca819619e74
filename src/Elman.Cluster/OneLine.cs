namespace Elman.Cluster;

/// <summary>Messages that cross the cluster as one line: line breaks become spaces, long ones end in "…".</summary>
static class OneLine
{
    public static string Of(string text, int maxLength = 400)
    {
        string line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= maxLength ? line : line[..maxLength] + "…";
    }
}
