using System.Runtime.CompilerServices;

namespace Elman.Numerics;

/// <summary>
/// A growable block of elements on the pinned object heap whose start is aligned to a 64-byte cache
/// line, so kernels can hold a raw pointer to it and full-width vector loads never straddle lines.
/// </summary>
/// <remarks>Not thread-safe; each owner (a thread's workspace, a packed matrix) has its own.</remarks>
internal sealed unsafe class AlignedBuffer<T> where T : unmanaged
{
    const int Alignment = 64;
    T[] _array = [];

    /// <summary>The aligned start; valid for <see cref="Capacity"/> elements until the next grow.</summary>
    public T* Pointer { get; private set; }

    public long Capacity { get; private set; }

    /// <summary>Makes room for at least <paramref name="elements"/>; contents are not preserved on growth.</summary>
    public T* EnsureCapacity(long elements)
    {
        if (elements > Capacity)
        {
            long slack = Alignment / sizeof(T);
            long length = Math.Max(elements, Capacity + Capacity / 2) + slack;
            if (length > Array.MaxLength)
                throw new OutOfMemoryException($"A GEMM buffer of {elements} elements is larger than one array can hold.");
            _array = GC.AllocateUninitializedArray<T>((int)length, pinned: true);
            T* start = (T*)Unsafe.AsPointer(ref _array[0]);
            Pointer = (T*)(((nint)start + Alignment - 1) & ~(nint)(Alignment - 1));
            Capacity = length - (Pointer - start);
        }
        return Pointer;
    }
}
