using System.Numerics;

namespace Elman.Model;

/// <summary>
/// A flat buffer of scalars laid out by a <see cref="ParameterLayout"/>, with named views. Used for the
/// weights, for their gradients and for optimiser state alike.
/// </summary>
public sealed class Parameters<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A zero-filled buffer for <paramref name="layout"/>.</summary>
    public Parameters(ParameterLayout layout)
    {
        Layout = layout;
        Values = new T[layout.TotalLength];
    }

    /// <summary>Where each tensor lives in <see cref="Values"/>.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>All scalars, tensor after tensor.</summary>
    public T[] Values { get; }

    /// <summary>The elements of the tensor called <paramref name="name"/>.</summary>
    public Span<T> this[string name] => this[Layout[name]];

    /// <summary>The elements of <paramref name="info"/>.</summary>
    public Span<T> this[ParameterInfo info] => Values.AsSpan(info.Offset, info.Length);

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => Array.Clear(Values);

    /// <summary>Copies every element from <paramref name="other"/>, converting the scalar type.</summary>
    public void CopyFrom<TOther>(Parameters<TOther> other) where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        if (other.Values.Length != Values.Length) throw new ArgumentException("parameter layouts differ", nameof(other));
        for (int i = 0; i < Values.Length; i++) Values[i] = T.CreateChecked(other.Values[i]);
    }
}
