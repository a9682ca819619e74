using Elman.Data.Tasks;
using Elman.Numerics;

namespace Elman.Tests.Data;

public class TemporalOrderTaskTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(30)]
    [InlineData(101)]
    public void Markers_sit_in_their_ranges_and_encode_the_label(int length)
    {
        var data = TemporalOrderTask.Generate(2000, length, new SeededRandom(3));
        var (first, firstEnd, second, secondEnd) = TemporalOrderTask.MarkerRanges(length);
        var counts = new int[4];
        for (int n = 0; n < data.Count; n++)
        {
            var markers = new List<(int T, int Symbol)>();
            for (int t = 0; t < length; t++)
            {
                var v = data.X.AsSpan((n * length + t) * 6, 6);
                Assert.Equal(1f, v.ToArray().Sum());
                int symbol = v.IndexOf(1f);
                if (symbol >= 4) markers.Add((t, symbol - 4));
            }
            Assert.Equal(2, markers.Count);
            Assert.InRange(markers[0].T, first, firstEnd - 1);
            Assert.InRange(markers[1].T, second, secondEnd - 1);
            Assert.Equal(data.Labels[n], 2 * markers[0].Symbol + markers[1].Symbol);
            Assert.Equal(length, data.Lengths[n]);
            counts[data.Labels[n]]++;
        }
        Assert.All(counts, k => Assert.InRange(k, 400, 600));
    }

    [Fact]
    public void Same_seed_gives_the_same_data()
        => Assert.Equal(TemporalOrderTask.Generate(50, 20, new SeededRandom(9)).X, TemporalOrderTask.Generate(50, 20, new SeededRandom(9)).X);

    [Fact]
    public void Too_short_sequences_are_refused()
        => Assert.Equal("Length is 5, expected ≥ 10 for temporal-order", Assert.Throws<SettingException>(() => TemporalOrderTask.Generate(1, 5, new SeededRandom(1))).Message);
}
