namespace Elman.Model;

/// <summary>One named parameter tensor: its PyTorch name, shape and place in the flat parameter buffer.</summary>
/// <param name="Name">The PyTorch state-dict name, e.g. <c>rnn.weight_hh_l0</c>.</param>
/// <param name="Shape">Row-major shape, e.g. [H, H].</param>
/// <param name="Offset">Start of the tensor in the flat buffer.</param>
public sealed record ParameterInfo(string Name, int[] Shape, int Offset)
{
    /// <summary>Number of elements: the product of <see cref="Shape"/>.</summary>
    public int Length { get; } = Shape.Aggregate(1, (a, b) => checked(a * b));

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}]";
}

/// <summary>The four tensors of one direction of one recurrent layer.</summary>
/// <param name="WeightIh"><c>rnn.weight_ih_l{k}</c>.</param>
/// <param name="WeightHh"><c>rnn.weight_hh_l{k}</c>.</param>
/// <param name="BiasIh"><c>rnn.bias_ih_l{k}</c>.</param>
/// <param name="BiasHh"><c>rnn.bias_hh_l{k}</c>.</param>
public sealed record RecurrentParameters(ParameterInfo WeightIh, ParameterInfo WeightHh, ParameterInfo BiasIh, ParameterInfo BiasHh);

/// <summary>
/// Where every parameter of an <see cref="RnnConfig"/> lives in one flat buffer, in PyTorch's
/// <c>named_parameters()</c> order: <c>embedding.weight</c> [V,D]; per layer k <c>rnn.weight_ih_l{k}</c>
/// [H, D or H·dirs], <c>rnn.weight_hh_l{k}</c> [H,H], <c>rnn.bias_ih_l{k}</c> [H], <c>rnn.bias_hh_l{k}</c> [H],
/// followed, when bidirectional, by the same four with the suffix <c>_reverse</c>; then <c>fc.weight</c>
/// [C, H·dirs] and <c>fc.bias</c> [C]. Gradients and optimiser state share the layout,
/// so an optimiser step is one loop over the buffer.
/// </summary>
public sealed class ParameterLayout
{
    readonly Dictionary<string, ParameterInfo> _byName = new(StringComparer.Ordinal);

    /// <summary>Builds the layout of <paramref name="config"/>.</summary>
    public ParameterLayout(RnnConfig config)
    {
        config.Validate();
        var list = new List<ParameterInfo>();
        int offset = 0;
        void Add(string name, params int[] shape)
        {
            var info = new ParameterInfo(name, shape, offset);
            offset = checked(offset + info.Length);
            list.Add(info);
            _byName.Add(name, info);
        }
        int h = config.HiddenSize;
        if (config.HasEmbedding) Add(EmbeddingWeight, config.VocabSize, config.InputSize);
        for (int k = 0; k < config.NumLayers; k++)
            for (int d = 0; d < config.Directions; d++)
            {
                bool reverse = d == 1;
                Add(WeightIh(k, reverse), h, k == 0 ? config.InputSize : config.OutputSize);
                Add(WeightHh(k, reverse), h, h);
                Add(BiasIh(k, reverse), h);
                Add(BiasHh(k, reverse), h);
            }
        Add(FcWeight, config.NumClasses, config.OutputSize);
        Add(FcBias, config.NumClasses);
        Tensors = list;
        TotalLength = offset;
        _recurrent = new RecurrentParameters[config.NumLayers, config.Directions];
        for (int k = 0; k < config.NumLayers; k++)
            for (int d = 0; d < config.Directions; d++)
                _recurrent[k, d] = new(this[WeightIh(k, d == 1)], this[WeightHh(k, d == 1)], this[BiasIh(k, d == 1)], this[BiasHh(k, d == 1)]);
    }

    readonly RecurrentParameters[,] _recurrent;

    /// <summary>The tensors of layer <paramref name="layer"/>, forward or reverse direction (looked up once, so training steps format no names).</summary>
    public RecurrentParameters Recurrent(int layer, bool reverse = false) => _recurrent[layer, reverse ? 1 : 0];

    /// <summary>All tensors in buffer order.</summary>
    public IReadOnlyList<ParameterInfo> Tensors { get; }

    /// <summary>Total number of scalar parameters.</summary>
    public int TotalLength { get; }

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such tensor in this layout.</exception>
    public ParameterInfo this[string name] => _byName[name];

    /// <summary>Looks up a tensor by name.</summary>
    public bool TryGet(string name, out ParameterInfo? info) => _byName.TryGetValue(name, out info);

    /// <summary><c>embedding.weight</c> [V, D].</summary>
    public const string EmbeddingWeight = "embedding.weight";
    /// <summary><c>fc.weight</c> [C, H].</summary>
    public const string FcWeight = "fc.weight";
    /// <summary><c>fc.bias</c> [C].</summary>
    public const string FcBias = "fc.bias";
    /// <summary><c>rnn.weight_ih_l{k}</c> [H, D or H·dirs], or <c>rnn.weight_ih_l{k}_reverse</c>.</summary>
    public static string WeightIh(int layer, bool reverse = false) => $"rnn.weight_ih_l{layer}{Suffix(reverse)}";
    /// <summary><c>rnn.weight_hh_l{k}</c> [H, H], or its <c>_reverse</c>.</summary>
    public static string WeightHh(int layer, bool reverse = false) => $"rnn.weight_hh_l{layer}{Suffix(reverse)}";
    /// <summary><c>rnn.bias_ih_l{k}</c> [H], or its <c>_reverse</c>.</summary>
    public static string BiasIh(int layer, bool reverse = false) => $"rnn.bias_ih_l{layer}{Suffix(reverse)}";
    /// <summary><c>rnn.bias_hh_l{k}</c> [H], or its <c>_reverse</c>.</summary>
    public static string BiasHh(int layer, bool reverse = false) => $"rnn.bias_hh_l{layer}{Suffix(reverse)}";

    static string Suffix(bool reverse) => reverse ? "_reverse" : "";
}
