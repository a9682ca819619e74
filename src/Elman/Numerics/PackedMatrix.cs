using System.Numerics;
using System.Runtime.Intrinsics;

namespace Elman.Numerics;

/// <summary>
/// A right-hand GEMM operand op(B), [<see cref="Rows"/>, <see cref="Columns"/>], stored in the panel
/// layout the GEMM kernel reads, so a matrix used in many products is packed once instead of per call.
/// </summary>
/// <remarks>
/// <para>
/// Made for the recurrent weights: the forward step h_t = tanh(… + h_{t−1} · W_hhᵀ) multiplies by the same
/// W_hh T times, and so does the backward step dh · W_hh. Pack W_hhᵀ (transpose: true) and W_hh
/// (transpose: false) once per optimiser step, then call
/// <see cref="Gemm.MultiplyPacked{T}"/>
/// for every time step. Results are bit-identical to the unpacked <see cref="Gemm.Multiply{T}"/>.
/// </para>
/// <para>
/// The packed copy does not track its source: call <see cref="Pack"/> again after the weights change.
/// Any number of threads may multiply by one packed matrix at once; <see cref="Pack"/> must not run
/// concurrently with a multiply that uses it. Storage is Rows × Columns rounded up to the kernel's panel
/// width, allocated once in the constructor.
/// </para>
/// </remarks>
/// <typeparam name="T">float or double (other types work through a scalar kernel).</typeparam>
public sealed unsafe class PackedMatrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly AlignedBuffer<T> _buffer = new();

    /// <summary>Allocates a packed [rows, columns] operand, all zeros until <see cref="Pack"/> is called.</summary>
    /// <exception cref="ArgumentOutOfRangeException">rows or columns is negative.</exception>
    public PackedMatrix(int rows, int columns) : this(rows, columns, Gemm.WidthFor<T>(SimdWidths.Best)) { }

    internal PackedMatrix(int rows, int columns, SimdWidth width)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        Rows = rows;
        Columns = columns;
        Width = width;
        PanelWidth = GemmMicroKernel.Columns<T>(width);
        long size = (long)(columns + PanelWidth - 1) / PanelWidth * PanelStride;
        new Span<T>(_buffer.EnsureCapacity(Math.Max(size, 1)), (int)size).Clear();
    }

    /// <summary>k: rows of op(B), the depth of the products this operand takes part in.</summary>
    public int Rows { get; }

    /// <summary>n: columns of op(B), and of the product.</summary>
    public int Columns { get; }

    internal SimdWidth Width { get; }

    /// <summary>NR: columns per panel; panel j holds columns [j·NR, (j+1)·NR) as [Rows, NR].</summary>
    internal int PanelWidth { get; }

    internal long PanelStride => (long)Rows * PanelWidth;

    internal T* Data => _buffer.Pointer;

    /// <summary>
    /// Packs op(B) from row-major <paramref name="source"/>: op(B) = B when <paramref name="transpose"/> is
    /// false (B stored [Rows, Columns]), or Bᵀ when true (B stored [Columns, Rows], e.g. W_hh for h · W_hhᵀ).
    /// <paramref name="ld"/> is the row stride of B as stored.
    /// </summary>
    /// <exception cref="ArgumentException">ld is smaller than a stored row or source is too short.</exception>
    public void Pack(bool transpose, ReadOnlySpan<T> source, int ld)
    {
        int storedRows = transpose ? Columns : Rows, storedColumns = transpose ? Rows : Columns;
        Gemm.CheckMatrix(source.Length, storedRows, storedColumns, ld, nameof(source), nameof(ld));
        if (Rows == 0 || Columns == 0) return;
        fixed (T* b = source)
        {
            switch (Width)
            {
                case SimdWidth.Vector512: GemmPacking.PackB<T, Vector512<T>, Simd512<T>>(transpose, b, ld, 0, Rows, 0, Columns, Data, PanelStride); break;
                case SimdWidth.Vector256: GemmPacking.PackB<T, Vector256<T>, Simd256<T>>(transpose, b, ld, 0, Rows, 0, Columns, Data, PanelStride); break;
                case SimdWidth.Vector128: GemmPacking.PackB<T, Vector128<T>, Simd128<T>>(transpose, b, ld, 0, Rows, 0, Columns, Data, PanelStride); break;
                default: GemmPacking.PackB<T, T, SimdScalar<T>>(transpose, b, ld, 0, Rows, 0, Columns, Data, PanelStride); break;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"PackedMatrix<{typeof(T).Name}>[{Rows}, {Columns}] ({Width}, panels of {PanelWidth})";
}
