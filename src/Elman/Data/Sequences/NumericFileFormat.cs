namespace Elman.Data.Sequences;

/// <summary>The file formats <see cref="NumericSequenceFile"/> reads.</summary>
public enum NumericFileFormat
{
    /// <summary><c>.npz</c>: x, y and optionally lengths as numpy.savez or numpy.savez_compressed write them.</summary>
    Npz,
    /// <summary><c>NAME.x.npy</c> with <c>NAME.y.npy</c> (and <c>NAME.lengths.npy</c>), or a directory of x.npy, y.npy.</summary>
    Npy,
    /// <summary><c>.safetensors</c>: a batch file (x, lengths, y).</summary>
    SafeTensors,
    /// <summary>CSV or TSV in long format: a header row, one row per time step.</summary>
    Long,
    /// <summary>The UCR archive: one series per line, label first (<c>.tsv</c> with tabs, <c>.txt</c> with commas or spaces).</summary>
    Ucr,
    /// <summary>The sktime/UEA <c>.ts</c> format.</summary>
    Ts,
}
