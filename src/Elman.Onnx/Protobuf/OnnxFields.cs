namespace Elman.Onnx.Protobuf;

/// <summary>
/// Field numbers and enum values of the ONNX messages Elman writes, from onnx/onnx.proto3
/// (IR version 7). Only the fields an exported classifier needs are listed.
/// </summary>
static class OnnxFields
{
    /// <summary>ModelProto.</summary>
    public static class Model
    {
        public const int IrVersion = 1, ProducerName = 2, ProducerVersion = 3, DocString = 6, Graph = 7, OpsetImport = 8, MetadataProps = 14;
    }

    /// <summary>OperatorSetIdProto.</summary>
    public static class OperatorSetId
    {
        public const int Domain = 1, Version = 2;
    }

    /// <summary>StringStringEntryProto (metadata_props).</summary>
    public static class StringStringEntry
    {
        public const int Key = 1, Value = 2;
    }

    /// <summary>GraphProto.</summary>
    public static class Graph
    {
        public const int Node = 1, Name = 2, Initializer = 5, Input = 11, Output = 12;
    }

    /// <summary>NodeProto.</summary>
    public static class Node
    {
        public const int Input = 1, Output = 2, Name = 3, OpType = 4, Attribute = 5;
    }

    /// <summary>AttributeProto (its AttributeType values are <see cref="Elman.Onnx.Graph.OnnxAttributeKind"/>).</summary>
    public static class Attribute
    {
        public const int Name = 1, I = 3, S = 4, Ints = 8, Strings = 9, Type = 20;
    }

    /// <summary>TensorProto.</summary>
    public static class Tensor
    {
        public const int Dims = 1, DataType = 2, Name = 8, RawData = 9;
    }

    /// <summary>ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto and its Dimension.</summary>
    public static class ValueInfo
    {
        public const int Name = 1, Type = 2;
        public const int TypeTensor = 1;
        public const int TensorElemType = 1, TensorShape = 2;
        public const int ShapeDim = 1;
        public const int DimValue = 1, DimParam = 2;
    }
}
