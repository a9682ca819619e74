using System.Numerics;

namespace Elman.IO;

/// <summary>Moves values between a model's scalar type (float or double) and safetensors tensors.</summary>
public static class FloatingTensors
{
    /// <summary>An F32 tensor of <paramref name="values"/>, converted from <typeparamref name="T"/>.</summary>
    public static SafeTensor ToSingle<T>(string name, ReadOnlySpan<T> values, params long[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var single = new float[values.Length];
        for (int i = 0; i < single.Length; i++) single[i] = float.CreateChecked(values[i]);
        return SafeTensor.FromSingle(name, single, shape);
    }

    /// <summary>
    /// Copies a floating-point tensor into <paramref name="destination"/> (of its element count), refusing NaN
    /// and ±∞ with a one-line message naming <paramref name="source"/>, the tensor, the element and
    /// <paramref name="what"/> was expected (e.g. "weights").
    /// </summary>
    /// <exception cref="ElmanException">An element is not finite, or the tensor holds integers.</exception>
    public static void CopyFinite<T>(SafeTensor tensor, Span<T> destination, string source, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = tensor.ToDoubleArray();
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                throw new ElmanException($"{source}: tensor '{tensor.Name}' holds {values[i]} at element {i}, expected finite {what}");
            destination[i] = T.CreateChecked(values[i]);
        }
    }
}
