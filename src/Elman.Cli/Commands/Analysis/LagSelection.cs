namespace Elman.Cli.Commands;

/// <summary>Which lags a table shows: all of a short sequence; for a long one, roughly log-spaced lags and the last.</summary>
static class LagSelection
{
    public static IEnumerable<int> Of(int count)
    {
        if (count <= 24) return Enumerable.Range(0, count);
        var lags = new SortedSet<int> { 0, count - 1 };
        for (double lag = 1; lag < count; lag = Math.Max(lag + 1, lag * 1.35)) lags.Add((int)lag);
        return lags;
    }
}
