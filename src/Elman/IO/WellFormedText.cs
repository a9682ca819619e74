namespace Elman.IO;

/// <summary>Checks that text survives the trip to UTF-8 and back unchanged.</summary>
internal static class WellFormedText
{
    /// <summary>
    /// True when every surrogate in <paramref name="text"/> is part of a high-low pair. A lone surrogate
    /// has no UTF-8 encoding, and the JSON writer would silently replace it with U+FFFD, so a tensor
    /// named with one would come back under a different name.
    /// </summary>
    public static bool IsWellFormed(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return false;
        }
        return true;
    }
}
