using System.Text.Json;
using Elman.Data.Sequences;

namespace Elman.Tests.Data.Sequences;

/// <summary>Files written by real NumPy (Fixtures/numpy/make_fixtures.py) read back as NumPy wrote them.</summary>
public class NumpyFixtureTests
{
    static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures", "numpy");

    static JsonElement Expected(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "expected.json")));
        return document.RootElement.GetProperty(file).Clone();
    }

    [Theory]
    [InlineData("savez.npz")]              // numpy.savez, with lengths
    [InlineData("savez_compressed.npz")]   // deflated, Fortran-ordered float64, '<U7' labels
    [InlineData("bigendian.x.npy")]        // '>f4' x and '>i2' labels
    [InlineData("v2.x.npy")]               // format 2.0 x (int8) and 3.0 y (uint8)
    [InlineData("nanpad.x.npy")]           // NaN padding, float64 labels
    public void Reads_exactly_what_numpy_wrote(string file)
    {
        var expected = Expected(file);
        var data = NumericSequenceFile.Read(Path.Combine(Root, file));

        Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), [data.Count, data.Steps, data.Features]);
        Assert.Equal(expected.GetProperty("x").EnumerateArray().Select(e => (float)e.GetDouble()), data.X);
        Assert.Equal(expected.GetProperty("lengths").EnumerateArray().Select(e => e.GetInt32()), data.Lengths);
        Assert.Equal(expected.GetProperty("class_names").EnumerateArray().Select(e => e.GetString()!), data.ClassNames);
        Assert.Equal(expected.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()), data.Labels);
    }
}
