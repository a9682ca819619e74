using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Elman.Data.Text;

/// <summary>Text decoded from a file, with where any invalid UTF-8 was found.</summary>
/// <param name="Text">The text without a byte-order mark; each invalid byte sequence became U+FFFD.</param>
/// <param name="Invalid">Where each invalid byte sequence was, in file order (empty for valid UTF-8).</param>
public sealed record DecodedText(string Text, IReadOnlyList<TextPosition> Invalid)
{
    readonly HashSet<int> _invalidLines = Invalid.Select(p => p.Line).ToHashSet();

    /// <summary>The first invalid sequence on a line in [<paramref name="firstLine"/>, <paramref name="lastLine"/>], if any.</summary>
    public TextPosition? FirstInvalid(int firstLine, int lastLine)
    {
        if (_invalidLines.Count == 0) return null;
        for (int line = firstLine; line <= lastLine; line++)
            if (_invalidLines.Contains(line)) return Invalid.First(p => p.Line == line);
        return null;
    }
}

/// <summary>
/// Decodes UTF-8 strictly but without giving up at the first bad byte: a reader can then either
/// report the first invalid sequence by line and column, or skip only the rows that hold one.
/// </summary>
public static class Utf8TextDecoder
{
    /// <summary>Decodes <paramref name="bytes"/>, dropping a leading byte-order mark.</summary>
    public static DecodedText Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        var text = new StringBuilder(bytes.Length);
        var invalid = new List<TextPosition>();
        var chunk = ArrayPool<char>.Shared.Rent(Math.Max(16, Math.Min(bytes.Length, 1 << 16)));
        int line = 1, column = 1;
        try
        {
            while (!bytes.IsEmpty)
            {
                var status = Utf8.ToUtf16(bytes, chunk, out int read, out int written, replaceInvalidSequences: false);
                Append(chunk.AsSpan(0, written));
                bytes = bytes[read..];
                if (status == OperationStatus.InvalidData || status == OperationStatus.NeedMoreData)
                {
                    invalid.Add(new TextPosition(line, column));
                    Rune.DecodeFromUtf8(bytes, out _, out int consumed);
                    Append("\uFFFD");
                    bytes = bytes[Math.Max(consumed, 1)..];
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chunk);
        }
        return new DecodedText(text.ToString(), invalid);

        void Append(ReadOnlySpan<char> chars)
        {
            text.Append(chars);
            foreach (char c in chars)
            {
                if (c == '\n') { line++; column = 1; }
                else column++;
            }
        }
    }

    /// <summary>Decodes <paramref name="bytes"/> and throws at the first invalid sequence.</summary>
    /// <exception cref="DataFormatException">The bytes are not UTF-8; the message names <paramref name="source"/>, line and column.</exception>
    public static string DecodeStrict(ReadOnlySpan<byte> bytes, string source)
    {
        var decoded = Decode(bytes);
        if (decoded.Invalid.Count > 0)
            throw new DataFormatException(source, decoded.Invalid[0].Line, decoded.Invalid[0].Column, "invalid UTF-8 (save the file as UTF-8)");
        return decoded.Text;
    }
}
