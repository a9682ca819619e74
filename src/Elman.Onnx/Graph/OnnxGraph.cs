namespace Elman.Onnx.Graph;

/// <summary>A node: <paramref name="OpType"/> of the default ONNX domain applied to named values.</summary>
sealed record OnnxNode(string Name, string OpType, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes);

/// <summary>A constant tensor stored in the file, little-endian bytes.</summary>
sealed record OnnxInitializer(string Name, OnnxElementType Type, long[] Dims, byte[] RawData);

/// <summary>
/// A graph input or output: its element type and shape, each dimension either fixed (a long) or
/// symbolic (a string such as "batch", so the runtime accepts any size there).
/// </summary>
sealed record OnnxValueInfo(string Name, OnnxElementType Type, object[] Dims);

/// <summary>
/// An ONNX graph under construction: initializers, nodes in topological order, typed inputs and
/// outputs. Knows operators only by name; <see cref="OnnxModelWriter"/> serialises it.
/// </summary>
sealed class OnnxGraph(string name)
{
    readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public string Name { get; } = name;
    public List<OnnxNode> Nodes { get; } = [];
    public List<OnnxInitializer> Initializers { get; } = [];
    public List<OnnxValueInfo> Inputs { get; } = [];
    public List<OnnxValueInfo> Outputs { get; } = [];

    /// <summary>Adds a float constant [dims] and returns its name.</summary>
    public string AddInitializer(string name, long[] dims, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        return AddInitializer(new OnnxInitializer(name, OnnxElementType.Float, dims, bytes), values.Length);
    }

    /// <summary>Adds an int64 constant [dims] and returns its name.</summary>
    public string AddInitializer(string name, long[] dims, ReadOnlySpan<long> values)
    {
        var bytes = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        return AddInitializer(new OnnxInitializer(name, OnnxElementType.Int64, dims, bytes), values.Length);
    }

    /// <summary>Adds a node computing <paramref name="outputs"/> from <paramref name="inputs"/>; "" skips an optional input or output.</summary>
    public void AddNode(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        foreach (var output in outputs)
            if (output.Length > 0) Claim(output);
        Nodes.Add(new OnnxNode($"{opType}_{Nodes.Count}", opType, inputs, outputs, attributes));
    }

    /// <summary>Whether a value of this name is already defined.</summary>
    public bool HasValue(string name) => _names.Contains(name);

    /// <summary>Declares a graph input.</summary>
    public void AddInput(string name, OnnxElementType type, params object[] dims)
    {
        Claim(name);
        Inputs.Add(new OnnxValueInfo(name, type, dims));
    }

    /// <summary>Declares a value some node computes as a graph output.</summary>
    public void AddOutput(string name, OnnxElementType type, params object[] dims) => Outputs.Add(new OnnxValueInfo(name, type, dims));

    string AddInitializer(OnnxInitializer initializer, int count)
    {
        if (count != initializer.Dims.Aggregate(1L, (a, b) => a * b))
            throw new ArgumentException($"initializer '{initializer.Name}' has {count} values for shape [{string.Join(", ", initializer.Dims)}]");
        Claim(initializer.Name);
        Initializers.Add(initializer);
        return initializer.Name;
    }

    // ONNX graphs are in single static assignment form: every value has exactly one producer.
    void Claim(string name)
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"ONNX value '{name}' is defined twice");
    }
}
