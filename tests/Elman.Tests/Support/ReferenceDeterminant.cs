namespace Elman.Tests.Support;

/// <summary>det A of a row-major n×n matrix by LU with partial pivoting: the plain reference the spectral tests compare products of eigen- and singular values with.</summary>
internal static class ReferenceDeterminant
{
    public static double Of(double[] a, int n)
    {
        var m = (double[])a.Clone();
        double det = 1;
        for (int c = 0; c < n; c++)
        {
            int p = c;
            for (int r = c + 1; r < n; r++) if (Math.Abs(m[r * n + c]) > Math.Abs(m[p * n + c])) p = r;
            if (m[p * n + c] == 0) return 0;
            if (p != c)
            {
                for (int k = 0; k < n; k++) (m[p * n + k], m[c * n + k]) = (m[c * n + k], m[p * n + k]);
                det = -det;
            }
            det *= m[c * n + c];
            for (int r = c + 1; r < n; r++)
            {
                double f = m[r * n + c] / m[c * n + c];
                for (int k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k];
            }
        }
        return det;
    }
}
