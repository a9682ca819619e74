namespace Elman.Datasets;

/// <summary>The parts of a raw RFC 822 e-mail message.</summary>
public static class EmailBody
{
    /// <summary>Everything after the header block, which ends at the first empty line; "" when there is none.</summary>
    public static string Of(string message)
    {
        int lf = message.IndexOf("\n\n", StringComparison.Ordinal);
        int crlf = message.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (lf < 0 && crlf < 0) return "";
        return lf >= 0 && (crlf < 0 || lf < crlf) ? message[(lf + 2)..] : message[(crlf + 4)..];
    }
}
