namespace Elman.Data.Text;

/// <summary>How <see cref="Tokenizer"/> cuts text into tokens.</summary>
public enum TokenizerKind
{
    /// <summary>One token per Unicode scalar value (code point); runs of white space become one " ".</summary>
    Char,
    /// <summary>Words: runs of letters, marks and digits (with inner apostrophes, as in "don't"); everything else only separates words.</summary>
    Word,
}
