using System.Text;
using Elman.Numerics;

namespace Elman.Tests.Reliability;

/// <summary>Seeded mutations of a valid input: bit flips, truncations, splices with another input, huge numbers, byte runs.</summary>
public sealed class Mutator(ulong seed)
{
    readonly SeededRandom _random = new(seed);

    public byte[] Mutate(byte[] input, byte[] donor)
    {
        var bytes = (byte[])input.Clone();
        switch (_random.NextInt(6))
        {
            case 0:
                for (int i = 1 + _random.NextInt(4); i > 0 && bytes.Length > 0; i--)
                    bytes[_random.NextInt(bytes.Length)] ^= (byte)(1 << _random.NextInt(8));
                return bytes;
            case 1:
                return bytes[.._random.NextInt(bytes.Length + 1)];
            case 2:
                int cut = _random.NextInt(bytes.Length + 1), from = _random.NextInt(donor.Length + 1);
                return [.. bytes[..cut], .. donor[from..]];
            case 3:
                return HugeNumber(bytes);
            case 4:
                int at = _random.NextInt(bytes.Length + 1), run = 1 + _random.NextInt(64);
                byte value = (byte)(_random.NextInt(2) == 0 ? 0xFF : _random.NextInt(256));
                return [.. bytes[..at], .. Enumerable.Repeat(value, run), .. bytes[at..]];
            default:
                if (bytes.Length > 8) bytes[_random.NextInt(8)] = (byte)_random.NextInt(256);
                return bytes;
        }
    }

    // Replace one run of ASCII digits with a number that overflows or nearly overflows common types.
    byte[] HugeNumber(byte[] bytes)
    {
        var digits = new List<(int Start, int End)>();
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] < '0' || bytes[i] > '9') continue;
            int start = i;
            while (i < bytes.Length && bytes[i] >= '0' && bytes[i] <= '9') i++;
            digits.Add((start, i));
        }
        if (digits.Count == 0) return bytes;
        var (s, e) = digits[_random.NextInt(digits.Count)];
        string[] huge = ["18446744073709551615", "9223372036854775807", "9223372036854775808", "2147483648", "4294967296", "99999999999999999999999", "0", "-1", "1e308"];
        return [.. bytes[..s], .. Encoding.ASCII.GetBytes(huge[_random.NextInt(huge.Length)]), .. bytes[e..]];
    }
}
