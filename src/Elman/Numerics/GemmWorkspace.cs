namespace Elman.Numerics;

/// <summary>
/// Per-thread scratch for packing blocks of A and B. Each thread (the caller and every pool worker) gets
/// its own buffer on first use and keeps it, grown as needed, so steady-state GEMM calls allocate nothing
/// and concurrent calls from different threads never share scratch.
/// </summary>
internal static unsafe class GemmWorkspace<T> where T : unmanaged
{
    [ThreadStatic] static AlignedBuffer<T>? t_buffer;

    /// <summary>
    /// This thread's scratch of at least <paramref name="elements"/> elements, valid until this thread's
    /// next call (GEMM calls on one thread never nest).
    /// </summary>
    public static T* Acquire(long elements) => (t_buffer ??= new AlignedBuffer<T>()).EnsureCapacity(elements);
}
