namespace Elman.IO;

/// <summary>
/// The element types a safetensors file may declare, spelled as in the file's header
/// (<c>"dtype": "F32"</c>). All values are stored little-endian.
/// </summary>
public enum SafeTensorDType
{
    /// <summary>IEEE 754 binary64 (PyTorch <c>torch.float64</c>), 8 bytes.</summary>
    F64,
    /// <summary>IEEE 754 binary32 (PyTorch <c>torch.float32</c>), 4 bytes.</summary>
    F32,
    /// <summary>IEEE 754 binary16 (PyTorch <c>torch.float16</c>), 2 bytes.</summary>
    F16,
    /// <summary>bfloat16: the upper 16 bits of a binary32 (PyTorch <c>torch.bfloat16</c>), 2 bytes.</summary>
    BF16,
    /// <summary>Signed 64-bit integer (PyTorch <c>torch.int64</c>), 8 bytes.</summary>
    I64,
    /// <summary>Signed 32-bit integer (PyTorch <c>torch.int32</c>), 4 bytes.</summary>
    I32,
    /// <summary>Signed 16-bit integer (PyTorch <c>torch.int16</c>), 2 bytes.</summary>
    I16,
    /// <summary>Signed 8-bit integer (PyTorch <c>torch.int8</c>), 1 byte.</summary>
    I8,
    /// <summary>Unsigned 8-bit integer (PyTorch <c>torch.uint8</c>), 1 byte.</summary>
    U8,
    /// <summary>Boolean, one byte per element, 0 for false and 1 for true (PyTorch <c>torch.bool</c>).</summary>
    BOOL,
}
