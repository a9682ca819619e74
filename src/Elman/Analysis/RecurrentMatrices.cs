using System.Numerics.Tensors;
using Elman.Numerics;

namespace Elman.Analysis;

/// <summary>Recurrent weight matrices W_hh [H, H] with a chosen spectral norm, for controlled experiments.</summary>
public static class RecurrentMatrices
{
    /// <summary>
    /// Entries drawn from N(0, 1/H), then rescaled so that ‖W‖₂ = <paramref name="norm"/> exactly. Its
    /// eigenvalues fill a disc of radius about ‖W‖₂ / 2 (circular law against the largest singular
    /// value), so powers W^k shrink like (‖W‖₂/2)^k even when ‖W‖₂ &gt; 1.
    /// </summary>
    public static double[] Gaussian(int hidden, double norm, SeededRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        var w = new double[hidden * hidden];
        for (int i = 0; i < w.Length; i++) w[i] = random.NextNormal() / Math.Sqrt(hidden);
        RescaleTo(w, hidden, norm);
        return w;
    }

    /// <summary>
    /// <paramref name="norm"/> · Q with Q orthogonal (Gram–Schmidt, twice, on a Gaussian matrix): every
    /// singular value and every eigenvalue modulus equals <paramref name="norm"/>, so
    /// ‖W^k‖₂ = ‖W‖₂^k and the loose bound is attained.
    /// </summary>
    public static double[] Orthogonal(int hidden, double norm, SeededRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        var q = new double[hidden * hidden];   // row r = r-th basis vector
        for (int r = 0; r < hidden; r++)
        {
            var row = q.AsSpan(r * hidden, hidden);
            for (int c = 0; c < hidden; c++) row[c] = random.NextNormal();
            // Classical Gram–Schmidt loses orthogonality in floating point; a second pass restores it.
            for (int pass = 0; pass < 2; pass++)
                for (int p = 0; p < r; p++)
                {
                    var basis = q.AsSpan(p * hidden, hidden);
                    double dot = TensorPrimitives.Dot<double>(row, basis);
                    TensorPrimitives.MultiplyAdd<double>(basis, -dot, row, row);
                }
            double length = Math.Sqrt(TensorPrimitives.SumOfSquares<double>(row));
            TensorPrimitives.Divide<double>(row, length, row);
        }
        TensorPrimitives.Multiply<double>(q, norm, q);
        return q;
    }

    /// <summary>Multiplies <paramref name="w"/> [H, H] in place so that ‖W‖₂ = <paramref name="norm"/> (exact norms).</summary>
    /// <exception cref="ArgumentException">W is zero, so no multiple of it has that norm.</exception>
    public static void RescaleTo(Span<double> w, int hidden, double norm)
    {
        double current = SpectralNorm.Exact(w, hidden, hidden);
        if (!(current > 0)) throw new ArgumentException("W_hh is zero (or not finite): it cannot be rescaled to a spectral norm", nameof(w));
        TensorPrimitives.Multiply<double>(w, norm / current, w);
    }
}
