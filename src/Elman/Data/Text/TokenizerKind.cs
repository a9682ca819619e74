namespace Elman.Data.Text;

/// <summary>How <see cref="Tokenizer"/> cuts text into tokens.</summary>
public enum TokenizerKind
{
    /// <summary>One token per Unicode scalar value (code point); a run of white space between two of them becomes one " ", at either end none.</summary>
    Char,
    /// <summary>Words: runs of letters, marks, numbers and connector punctuation ("_"), with inner apostrophes as in "don't"; everything else only separates words.</summary>
    Word,
}
