namespace Elman.Data.Sequences;

/// <summary>The byte order of a NumPy array's elements.</summary>
public enum NpyByteOrder
{
    /// <summary>'&lt;' (or '=' as written on a little-endian machine).</summary>
    Little,
    /// <summary>'&gt;'.</summary>
    Big,
    /// <summary>'|': single bytes, or strings of bytes.</summary>
    NotApplicable,
}

/// <summary>
/// A NumPy dtype as written in a <c>.npy</c> header's <c>descr</c>, e.g. <c>&lt;f4</c>: byte order, kind
/// (b bool, i signed, u unsigned, f float, U UTF-32 string, S byte string, O Python object) and item size
/// in bytes.
/// </summary>
/// <param name="Order">Byte order.</param>
/// <param name="Kind">The kind character.</param>
/// <param name="ItemSize">Bytes per element (for 'U', 4 per character).</param>
/// <param name="Descr">The descr as written, for messages.</param>
public readonly record struct NpyDType(NpyByteOrder Order, char Kind, int ItemSize, string Descr)
{
    /// <summary>Whether elements are numbers (bool, integer or float) this reader converts.</summary>
    public bool IsNumber => Kind is 'b' or 'i' or 'u' or 'f';

    /// <summary>Whether elements are strings ('U' or 'S').</summary>
    public bool IsString => Kind is 'U' or 'S';

    /// <summary>Whether elements are integers (or bools).</summary>
    public bool IsInteger => Kind is 'b' or 'i' or 'u';

    /// <summary>
    /// Parses a descr such as "&lt;f8", "|b1", "&gt;U5" or "|O". Object arrays parse (so the caller can
    /// refuse them by name); structured, complex, datetime and other kinds do not.
    /// </summary>
    /// <exception cref="ElmanException">The descr is not a simple dtype this reader knows.</exception>
    public static NpyDType Parse(string descr, string where)
    {
        if (descr.Length < 2) throw new ElmanException($"{where}: dtype '{descr}' is not a NumPy type string such as '<f4'");
        var order = descr[0] switch
        {
            '<' => NpyByteOrder.Little,
            '>' => NpyByteOrder.Big,
            '|' => NpyByteOrder.NotApplicable,
            // '=' is native order; NumPy writes '<' or '>' instead, so '=' comes from hand-written headers.
            '=' => BitConverter.IsLittleEndian ? NpyByteOrder.Little : NpyByteOrder.Big,
            _ => (NpyByteOrder)(-1),
        };
        if (!Enum.IsDefined(order)) throw new ElmanException($"{where}: dtype '{descr}' has no byte order ('<', '>', '|' or '='), expected e.g. '<f4'");
        char kind = descr[1];
        if (kind == 'O') return new NpyDType(order, kind, 8, descr);
        if (!int.TryParse(descr.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size) || size < 1)
            throw new ElmanException($"{where}: dtype '{descr}' has no item size, expected e.g. '<f4'");
        bool known = kind switch
        {
            'b' => size == 1,
            'i' or 'u' => size is 1 or 2 or 4 or 8,
            'f' => size is 2 or 4 or 8,
            'S' => true,
            'U' => (size = checked(size * 4)) > 0,
            _ => false,
        };
        if (!known) throw new ElmanException($"{where}: dtype '{descr}' is not supported, expected bool, integer (i1–i8, u1–u8), float (f2, f4, f8) or string (U, S) elements");
        return new NpyDType(order, kind, size, descr);
    }
}
