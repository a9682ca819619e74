namespace Elman.Onnx.Graph;

/// <summary>The kinds of node attribute an exported classifier uses (AttributeProto.AttributeType values).</summary>
enum OnnxAttributeKind
{
    Int = 2,
    String = 3,
    Ints = 7,
    Strings = 8,
}

/// <summary>One attribute of an ONNX node; <see cref="Value"/> is a long, string, long[] or string[] as <see cref="Kind"/> says.</summary>
sealed record OnnxAttribute(string Name, OnnxAttributeKind Kind, object Value)
{
    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeKind.Int, value);
    public static OnnxAttribute String(string name, string value) => new(name, OnnxAttributeKind.String, value);
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, OnnxAttributeKind.Ints, values);
    public static OnnxAttribute Strings(string name, params string[] values) => new(name, OnnxAttributeKind.Strings, values);
}
