using Elman.Data.Sequences;

namespace Elman.Tests.Data.Sequences;

public class FeatureStandardizerTests
{
    // x [3, 3, 2]; lengths 3, 1, 2. Feature 1 is constant (7) at every valid step; padding holds values
    // that would change both statistics if they were counted.
    static NumericSequences Data() => new("t",
        [1, 7, 2, 7, 3, 7,
         10, 7, 500, 500, 500, 500,
         -4, 7, 0, 7, 900, 900],
        3, 3, 2, [3, 1, 2], [0, 1, 0], ["a", "b"]);

    [Fact]
    public void Fits_mean_and_population_std_over_valid_steps_only()
    {
        var data = Data();
        var s = FeatureStandardizer.Fit(data, [0, 2]);
        // Feature 0 over sequences 0 and 2: {1, 2, 3, -4, 0}; mean 0.4, variance Σ(v − 0.4)² / 5.
        double[] v = [1, 2, 3, -4, 0];
        double mean = v.Average(), std = Math.Sqrt(v.Sum(a => (a - mean) * (a - mean)) / v.Length);
        Assert.Equal((float)mean, s.Mean[0]);
        Assert.Equal((float)std, s.Std[0]);
        // The constant feature: mean 7, std 1 (not 0), so it maps to 0 instead of NaN.
        Assert.Equal((7f, 1f), (s.Mean[1], s.Std[1]));
    }

    [Fact]
    public void Applies_to_valid_steps_and_leaves_padding_zero()
    {
        var data = Data();
        var s = FeatureStandardizer.Fit(data);
        var applied = s.Apply(data);
        for (int n = 0; n < 3; n++)
            for (int t = 0; t < 3; t++)
                for (int d = 0; d < 2; d++)
                {
                    int i = (n * 3 + t) * 2 + d;
                    float expected = t < data.Lengths[n] ? (data.X[i] - s.Mean[d]) / s.Std[d] : 0f;
                    Assert.Equal(expected, applied.X[i]);
                }
        Assert.Equal(0f, applied.X[1]);   // the constant feature
        Assert.NotSame(data.X, applied.X);
        Assert.Same(data, FeatureStandardizer.None.Apply(data));
    }

    [Fact]
    public void Applying_in_place_gives_the_same_values_as_a_copy()
    {
        var data = Data();
        var s = FeatureStandardizer.Fit(data, [0, 1]);
        var copy = s.Apply(data);
        s.ApplyInPlace(data);
        Assert.Equal(copy.X, data.X);
    }

    [Fact]
    public void Round_trips_through_metadata_bit_for_bit()
    {
        var s = FeatureStandardizer.FromStatistics([0.1f, -3.4028235e38f, 1.401298e-45f], [float.Epsilon, 1f / 3, 3.4028235e38f]);
        var metadata = new Dictionary<string, string>();
        s.WriteTo(metadata);
        var back = FeatureStandardizer.ReadFrom(metadata, "m");
        Assert.Equal(NormalizationKind.Standard, back.Kind);
        Assert.Equal(s.Mean.Select(BitConverter.SingleToInt32Bits), back.Mean.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(s.Std.Select(BitConverter.SingleToInt32Bits), back.Std.Select(BitConverter.SingleToInt32Bits));
        Assert.StartsWith("{\"kind\":\"standard\",\"mean\":[\"0.1\",", metadata[FeatureStandardizer.MetadataKey]);
    }

    [Fact]
    public void The_metadata_example_of_the_docs_is_what_is_written()
    {
        var metadata = new Dictionary<string, string>();
        FeatureStandardizer.Fit(Data(), [0, 2]).WriteTo(metadata);
        Assert.Equal("{\"kind\":\"standard\",\"mean\":[\"0.4\",\"7\"],\"std\":[\"2.4166093\",\"1\"]}", metadata[FeatureStandardizer.MetadataKey]);
    }

    [Fact]
    public void None_is_stored_and_a_missing_key_means_none()
    {
        var metadata = new Dictionary<string, string>();
        FeatureStandardizer.None.WriteTo(metadata);
        Assert.Equal("{\"kind\":\"none\"}", metadata[FeatureStandardizer.MetadataKey]);
        Assert.Same(FeatureStandardizer.None, FeatureStandardizer.ReadFrom(metadata, "m"));
        Assert.Same(FeatureStandardizer.None, FeatureStandardizer.ReadFrom(new Dictionary<string, string>(), "m"));
    }

    [Theory]
    [InlineData("{\"kind\":\"minmax\"}", "m: __metadata__ \"normalization\" has kind 'minmax', expected none or standard")]
    [InlineData("[1]", "m: __metadata__ \"normalization\" is not a JSON object")]
    [InlineData("{\"kind\":\"standard\",\"mean\":[\"1\"],\"std\":[\"0\"]}", "m: __metadata__ \"normalization\": std[0] = 0, expected a finite number > 0")]
    [InlineData("{\"kind\":\"standard\",\"mean\":[\"1\"],\"std\":[1]}", "m: __metadata__ \"normalization\": std[0] is not a number written as a string")]
    [InlineData("{\"kind\":\"standard\",\"mean\":[\"1\", \"2\"],\"std\":[\"1\"]}", "m: __metadata__ \"normalization\": mean has 2 entries and std 1")]
    [InlineData("{kind", "m: __metadata__ \"normalization\" is not valid JSON")]
    public void Malformed_metadata_is_named(string json, string expected)
    {
        var metadata = new Dictionary<string, string> { [FeatureStandardizer.MetadataKey] = json };
        Assert.StartsWith(expected, Assert.Throws<ElmanException>(() => FeatureStandardizer.ReadFrom(metadata, "m")).Message);
    }

    [Fact]
    public void Applying_to_another_feature_count_is_refused()
    {
        var s = FeatureStandardizer.FromStatistics([0f], [1f]);
        var e = Assert.Throws<ElmanException>(() => s.Apply(Data()));
        Assert.Equal("t: x has D = 2 features, but the normalisation was fitted on 1", e.Message);
    }
}
