using System.Text;

namespace Elman.Baselines;

/// <summary>
/// Token n-grams as string features for bag-of-features baselines. With boundaries, a sequence is
/// framed by "^" and "$" pseudo-tokens, so "ann" yields the suffix feature "n$" as well as "n".
/// </summary>
public static class NGrams
{
    /// <summary>
    /// Every n-gram of <paramref name="tokens"/> for n in [<paramref name="minN"/>, <paramref name="maxN"/>], tokens
    /// joined by <paramref name="separator"/> ("" for characters, " " for words). Boundary markers are
    /// only used inside n-grams with n ≥ 2, never as unigrams.
    /// </summary>
    public static List<string> Extract(IReadOnlyList<string> tokens, int minN, int maxN, string separator, bool boundaries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minN, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxN, minN);
        var framed = new List<string>(tokens.Count + 2);
        if (boundaries) framed.Add("^");
        framed.AddRange(tokens);
        if (boundaries) framed.Add("$");
        int first = boundaries ? 1 : 0, last = boundaries ? framed.Count - 1 : framed.Count;   // real tokens are [first, last)
        var features = new List<string>();
        var gram = new StringBuilder();
        for (int n = minN; n <= maxN; n++)
            for (int start = 0; start + n <= framed.Count; start++)
            {
                if (n == 1 && (start < first || start >= last)) continue;
                gram.Clear();
                for (int k = 0; k < n; k++)
                {
                    if (k > 0) gram.Append(separator);
                    gram.Append(framed[start + k]);
                }
                features.Add(gram.ToString());
            }
        return features;
    }
}
