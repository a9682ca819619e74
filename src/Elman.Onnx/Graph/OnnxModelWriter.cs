using Elman.Onnx.Protobuf;
using F = Elman.Onnx.Protobuf.OnnxFields;

namespace Elman.Onnx.Graph;

/// <summary>Describes the file around a graph: IR and opset versions, producer, free-form metadata.</summary>
sealed record OnnxModelInfo(long IrVersion, long Opset, string ProducerName, string ProducerVersion, string DocString, IReadOnlyDictionary<string, string> Metadata);

/// <summary>Serialises an <see cref="OnnxGraph"/> as an ONNX ModelProto.</summary>
static class OnnxModelWriter
{
    public static byte[] Write(OnnxGraph graph, OnnxModelInfo info)
    {
        var w = new ProtoWriter();
        w.WriteInt64(F.Model.IrVersion, info.IrVersion);
        w.WriteString(F.Model.ProducerName, info.ProducerName);
        w.WriteString(F.Model.ProducerVersion, info.ProducerVersion);
        w.WriteString(F.Model.DocString, info.DocString);
        w.WriteMessage(F.Model.Graph, g => WriteGraph(g, graph));
        // The default domain "" is ai.onnx; the version fixes every operator's semantics.
        w.WriteMessage(F.Model.OpsetImport, o =>
        {
            o.WriteString(F.OperatorSetId.Domain, "");
            o.WriteInt64(F.OperatorSetId.Version, info.Opset);
        });
        foreach (var (key, value) in info.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            w.WriteMessage(F.Model.MetadataProps, e =>
            {
                e.WriteString(F.StringStringEntry.Key, key);
                e.WriteString(F.StringStringEntry.Value, value);
            });
        return w.WrittenSpan.ToArray();
    }

    static void WriteGraph(ProtoWriter w, OnnxGraph graph)
    {
        foreach (var node in graph.Nodes) w.WriteMessage(F.Graph.Node, n => WriteNode(n, node));
        w.WriteString(F.Graph.Name, graph.Name);
        foreach (var init in graph.Initializers) w.WriteMessage(F.Graph.Initializer, t => WriteTensor(t, init));
        foreach (var input in graph.Inputs) w.WriteMessage(F.Graph.Input, v => WriteValueInfo(v, input));
        foreach (var output in graph.Outputs) w.WriteMessage(F.Graph.Output, v => WriteValueInfo(v, output));
    }

    static void WriteNode(ProtoWriter w, OnnxNode node)
    {
        foreach (var input in node.Inputs) w.WriteString(F.Node.Input, input);
        foreach (var output in node.Outputs) w.WriteString(F.Node.Output, output);
        w.WriteString(F.Node.Name, node.Name);
        w.WriteString(F.Node.OpType, node.OpType);
        foreach (var attribute in node.Attributes) w.WriteMessage(F.Node.Attribute, a => WriteAttribute(a, attribute));
    }

    static void WriteAttribute(ProtoWriter w, OnnxAttribute a)
    {
        w.WriteString(F.Attribute.Name, a.Name);
        switch (a.Value)
        {
            case long i: w.WriteInt64(F.Attribute.I, i); break;
            case string s: w.WriteString(F.Attribute.S, s); break;
            case long[] ints: w.WritePackedInt64(F.Attribute.Ints, ints); break;
            case string[] strings: foreach (var item in strings) w.WriteString(F.Attribute.Strings, item); break;
            default: throw new InvalidOperationException($"attribute '{a.Name}' holds a {a.Value.GetType().Name}");
        }
        w.WriteInt64(F.Attribute.Type, (long)a.Kind);
    }

    static void WriteTensor(ProtoWriter w, OnnxInitializer t)
    {
        w.WritePackedInt64(F.Tensor.Dims, t.Dims);
        w.WriteInt64(F.Tensor.DataType, (long)t.Type);
        w.WriteString(F.Tensor.Name, t.Name);
        w.WriteBytes(F.Tensor.RawData, t.RawData);
    }

    static void WriteValueInfo(ProtoWriter w, OnnxValueInfo v)
    {
        w.WriteString(F.ValueInfo.Name, v.Name);
        w.WriteMessage(F.ValueInfo.Type, type => type.WriteMessage(F.ValueInfo.TypeTensor, tensor =>
        {
            tensor.WriteInt64(F.ValueInfo.TensorElemType, (long)v.Type);
            tensor.WriteMessage(F.ValueInfo.TensorShape, shape =>
            {
                foreach (var dim in v.Dims)
                    shape.WriteMessage(F.ValueInfo.ShapeDim, d =>
                    {
                        if (dim is string param) d.WriteString(F.ValueInfo.DimParam, param);
                        else d.WriteInt64(F.ValueInfo.DimValue, Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture));
                    });
            });
        }));
    }
}
