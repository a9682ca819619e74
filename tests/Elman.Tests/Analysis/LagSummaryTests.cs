using Elman.Analysis;

namespace Elman.Tests.Analysis;

/// <summary>Median and quartiles of <see cref="LagSummary"/> against hand-computed values (numpy's linear interpolation).</summary>
public class LagSummaryTests
{
    [Fact]
    public void Quartiles_interpolate_between_order_statistics_per_lag()
    {
        // Lag 0 over [4, 1, 3, 2] → sorted 1 2 3 4: Q1 at 0.75 → 1.75, median 2.5, Q3 at 2.25 → 3.25.
        // Lag 1 only in the two longer series: [10, 20] → Q1 12.5, median 15, Q3 17.5.
        var summary = LagSummary.Of([[4, 10], [1], [3, 20], [2]]);
        Assert.Equal(2, summary.Length);
        Assert.Equal((1.75, 2.5, 3.25, 2.5, 1.0, 4.0, 4), (summary[0].LowerQuartile, summary[0].Median, summary[0].UpperQuartile, summary[0].Mean, summary[0].Min, summary[0].Max, summary[0].Count));
        Assert.Equal((12.5, 15.0, 17.5, 2), (summary[1].LowerQuartile, summary[1].Median, summary[1].UpperQuartile, summary[1].Count));
    }

    [Theory]
    [InlineData(new double[] { 7 }, 0.25, 7)]
    [InlineData(new double[] { 1, 2, 3, 4, 5 }, 0.5, 3)]
    [InlineData(new double[] { 1, 2, 3, 4, 5 }, 0.25, 2)]
    [InlineData(new double[] { 0, 10 }, 0.75, 7.5)]
    public void Quantile_of_sorted_values(double[] sorted, double q, double expected)
        => Assert.Equal(expected, LagSummary.Quantile(sorted, q), 14);
}
