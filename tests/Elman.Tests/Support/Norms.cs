namespace Elman.Tests.Support;

public static class Norms
{
    /// <summary>‖a - b‖₂ / max(‖b‖₂, floor): the error of <paramref name="a"/> relative to the reference <paramref name="b"/>.</summary>
    public static double RelativeError(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double floor = 1e-12)
    {
        Assert.Equal(b.Length, a.Length);
        double num = 0, den = 0;
        for (int i = 0; i < a.Length; i++)
        {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.Sqrt(num) / Math.Max(Math.Sqrt(den), floor);
    }

    public static double RelativeError(ReadOnlySpan<float> a, ReadOnlySpan<double> b, double floor = 1e-12)
    {
        var ad = new double[a.Length];
        for (int i = 0; i < a.Length; i++) ad[i] = a[i];
        return RelativeError(ad, b, floor);
    }
}
