using System.Globalization;

namespace Elman.Data.Sequences;

/// <summary>
/// Builds <see cref="NumericSequences"/> from NumPy arrays, wherever they are stored (<c>.npz</c> entries
/// or <c>.npy</c> files): <c>x</c> [N, T, D] or [N, T] (D = 1) of any numeric dtype, <c>y</c> [N] (or
/// [N, 1]) of integers, integral floats or strings, and optionally <c>lengths</c> [N] of integers. Without
/// <c>lengths</c>, trailing steps whose features are all NaN are padding (NumPy's usual way to pad).
/// Without <c>y</c> (when labels are not required) the sequences are unlabelled.
/// </summary>
static class NumpySequences
{
    /// <summary>
    /// An array to read: a stream at the start of its .npy bytes and its name for messages (e.g. "data.npz:
    /// x.npy"); null when it is absent and not <paramref name="required"/> (the opener throws when it is).
    /// </summary>
    public delegate (Stream Stream, string Where)? ArrayOpener(string name, bool required);

    /// <summary>Reads y, then x (streamed into its final buffer), then lengths.</summary>
    public static NumericSequences Read(string source, ArrayOpener open, bool requireLabels)
    {
        var (labels, classNames, count) = open("y", requireLabels) is { } y ? ReadLabels(y) : ([], [], -1);
        var (x, steps, features) = ReadX(open("x", true)!.Value, ref count);
        var lengths = open("lengths", false) is { } l ? ReadLengths(l, count) : TrailingPadding.Lengths(x, count, steps, features, source);
        return new NumericSequences(source, x, count, steps, features, lengths, labels, classNames);
    }

    // x [N, T, D] or [N, T]; `count` is N from y, or -1 to take it from x.
    static (float[] X, int Steps, int Features) ReadX((Stream Stream, string Where) array, ref int count)
    {
        var (stream, where) = array;
        using (stream)
        {
            var header = NpyHeader.Read(stream, where);
            if (header.DType.Kind == 'O') throw NpyData.ObjectArray(where, "x");
            if (header.Shape.Length is not (2 or 3))
                throw new ElmanException($"{where}: 'x' has shape {header.ShapeText}, expected [N, T, D] or [N, T]");
            if (count < 0) count = (int)Math.Min(header.Shape[0], int.MaxValue);
            if (header.Shape[0] != count)
                throw new ElmanException($"{where}: 'x' has shape {header.ShapeText}, expected N = {count} sequences as 'y' has labels");
            long steps = header.Shape[1], features = header.Shape.Length == 3 ? header.Shape[2] : 1;
            if (steps < 1 || features < 1) throw new ElmanException($"{where}: 'x' has shape {header.ShapeText}, expected T ≥ 1 and D ≥ 1");
            if (header.ElementCount > Array.MaxLength) throw new ElmanException($"{where}: 'x' has {header.ElementCount} values, more than one array can hold ({Array.MaxLength})");
            var x = new float[header.ElementCount];   // [N, T, D]
            NpyData.ReadSingles(stream, header, x, where, "x");
            return (x, (int)steps, (int)features);
        }
    }

    static (int[] Labels, string[] ClassNames, int Count) ReadLabels((Stream Stream, string Where) array)
    {
        var (stream, where) = array;
        using (stream)
        {
            var header = NpyHeader.Read(stream, where);
            if (header.DType.Kind == 'O') throw NpyData.ObjectArray(where, "y");
            if (!(header.Shape.Length == 1 || (header.Shape.Length == 2 && header.Shape[1] == 1)))
                throw new ElmanException($"{where}: 'y' has shape {header.ShapeText}, expected [N] (one label per sequence)");
            if (header.Shape[0] > Array.MaxLength) throw new ElmanException($"{where}: 'y' has too many labels ({header.Shape[0]})");
            int count = (int)header.Shape[0];
            if (header.DType.IsString)
            {
                var names = NpyData.ReadStrings(stream, header, where, "y");
                int empty = Array.IndexOf(names, "");
                if (empty >= 0) throw new ElmanException($"{where}: y[{empty}] is an empty string, expected a class name");
                var (labels, classNames) = ClassLabels.FromStrings(names);
                return (labels, classNames, count);
            }
            if (!header.DType.IsNumber) throw new ElmanException($"{where}: 'y' has dtype '{header.DType.Descr}', expected integer or string labels");
            long[] values;
            if (header.DType.IsInteger) values = NpyData.ReadIntegers(stream, header, where, "y");
            else
            {
                var doubles = NpyData.ReadDoubles(stream, header, where, "y");
                values = new long[doubles.Length];
                for (int i = 0; i < doubles.Length; i++)
                {
                    if (!double.IsFinite(doubles[i]) || doubles[i] != Math.Floor(doubles[i]) || Math.Abs(doubles[i]) > 1e15)
                        throw new ElmanException(string.Create(CultureInfo.InvariantCulture, $"{where}: y[{i}] = {doubles[i]}, expected integer class labels (or strings)"));
                    values[i] = (long)doubles[i];
                }
            }
            var (ints, intNames) = ClassLabels.FromIntegers(values);
            return (ints, intNames, count);
        }
    }

    static int[] ReadLengths((Stream Stream, string Where) array, int count)
    {
        var (stream, where) = array;
        using (stream)
        {
            var header = NpyHeader.Read(stream, where);
            if (header.DType.Kind == 'O') throw NpyData.ObjectArray(where, "lengths");
            if (header.Shape.Length != 1 || header.Shape[0] != count)
                throw new ElmanException($"{where}: 'lengths' has shape {header.ShapeText}, expected [{count}] (one per sequence)");
            if (!header.DType.IsInteger || header.DType.Kind == 'b')
                throw new ElmanException($"{where}: 'lengths' has dtype '{header.DType.Descr}', expected integers");
            var values = NpyData.ReadIntegers(stream, header, where, "lengths");
            var lengths = new int[count];
            for (int i = 0; i < count; i++)
            {
                if (values[i] < 1 || values[i] > int.MaxValue) throw new ElmanException($"{where}: lengths[{i}] = {values[i]}, expected 1 ≤ length ≤ T");
                lengths[i] = (int)values[i];
            }
            return lengths;
        }
    }
}
