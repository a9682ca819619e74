namespace Elman;

/// <summary>
/// A problem with a user's input (a file, an option, a tensor, a data row) that Elman detected and can
/// describe in one line. The message names what was found, where, and what was expected; command-line
/// front ends print it without a stack trace.
/// </summary>
public class ElmanException : Exception
{
    /// <summary>Creates an exception with a one-line, user-facing message.</summary>
    public ElmanException(string message) : base(message) { }

    /// <summary>Creates an exception with a one-line, user-facing message and the exception that caused it.</summary>
    public ElmanException(string message, Exception inner) : base(message, inner) { }
}
