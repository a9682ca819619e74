namespace Elman.Onnx.Graph;

/// <summary>The element types of ONNX tensors an exported classifier uses (TensorProto.DataType values).</summary>
enum OnnxElementType
{
    Float = 1,
    Int32 = 6,
    Int64 = 7,
}
