namespace Elman.IO;

/// <summary>
/// A safetensors file, or a tensor in one, is not what it should be: malformed, truncated, missing a
/// tensor, or holding a dtype the caller cannot use. The message is one line that starts with the file
/// (as the caller named it), names the tensor or header field, and says what was found and what was
/// expected, e.g. <c>model.safetensors: tensor 'fc.weight': data_offsets [0, 48] hold 48 bytes but
/// F32 [3, 5] needs 60</c>.
/// </summary>
public sealed class SafeTensorsException : ElmanException
{
    /// <summary>Creates an exception with a one-line, user-facing message.</summary>
    public SafeTensorsException(string message) : base(message) { }

    /// <summary>Creates an exception with a one-line, user-facing message and the exception that caused it.</summary>
    public SafeTensorsException(string message, Exception inner) : base(message, inner) { }
}
