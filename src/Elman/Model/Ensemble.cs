using System.Numerics;

namespace Elman.Model;

/// <summary>
/// K independently trained RNNs of one shape as a single RNN of K·H units whose logits are the mean of
/// the members' logits. Block-diagonal weights keep the members apart: member m owns hidden units
/// m·H … (m+1)·H − 1 of every layer and direction (and, with tokens, embedding columns m·D … (m+1)·D − 1),
/// its W_ih and W_hh sit on the diagonal, every other block is zero, and fc.weight holds each member's
/// classifier divided by K. Because σ acts element-wise, each block evolves exactly as its member
/// would, so the result is an ordinary <c>nn.RNN</c> checkpoint: it loads in PyTorch, exports to ONNX and
/// predicts with every Elman command, at K² times the recurrent multiply-adds of one member.
/// ‖W_hh‖₂ of the merged layer is the largest of the members' (a block-diagonal matrix's singular values
/// are its blocks').
/// </summary>
public static class Ensemble
{
    /// <summary>Merges <paramref name="members"/>, which must all have one configuration, into one model.</summary>
    /// <exception cref="ElmanException">No members, or members of different shapes.</exception>
    public static RnnClassifier<T> Merge<T>(IReadOnlyList<RnnClassifier<T>> members) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (members.Count == 0) throw new ElmanException("an ensemble needs at least one member");
        var c = members[0].Config;
        for (int m = 1; m < members.Count; m++)
            if (members[m].Config != c)
                throw new ElmanException($"ensemble member {m + 1} is {members[m].Config.ToJson()}, member 1 is {c.ToJson()}: all members need one shape");
        int k = members.Count, h = c.HiddenSize, dirs = c.Directions;
        var config = c with { InputSize = c.HasEmbedding ? k * c.InputSize : c.InputSize, HiddenSize = k * h };
        var merged = new RnnClassifier<T>(config);
        var scale = T.One / T.CreateChecked(k);

        // Where member m's column j lands when reading a layer's output (the next layer's input, or fc's):
        // its units within each direction's block of K·H.
        int OutputColumn(int m, int j) => j / h * k * h + m * h + j % h;
        // Where member m's column j of layer 0's input lands: its own embedding slice, or the shared dense input.
        int InputColumn(int m, int j) => c.HasEmbedding ? m * c.InputSize + j : j;

        for (int m = 0; m < k; m++)
        {
            var from = members[m].Weights;
            if (c.HasEmbedding)
                CopyBlock(from[ParameterLayout.EmbeddingWeight], c.VocabSize, c.InputSize, merged.Weights[ParameterLayout.EmbeddingWeight], config.InputSize,
                    row => row, column => m * c.InputSize + column, T.One);
            for (int layer = 0; layer < c.NumLayers; layer++)
                for (int d = 0; d < dirs; d++)
                {
                    bool reverse = d == 1;
                    var source = members[m].Layout.Recurrent(layer, reverse);
                    var target = merged.Layout.Recurrent(layer, reverse);
                    int inputs = source.WeightIh.Shape[1], l = layer;
                    CopyBlock(from[source.WeightIh], h, inputs, merged.Weights[target.WeightIh], target.WeightIh.Shape[1], row => m * h + row,
                        column => l == 0 ? InputColumn(m, column) : OutputColumn(m, column), T.One);
                    CopyBlock(from[source.WeightHh], h, h, merged.Weights[target.WeightHh], k * h, row => m * h + row, column => m * h + column, T.One);
                    from[source.BiasIh].CopyTo(merged.Weights[target.BiasIh].Slice(m * h, h));
                    from[source.BiasHh].CopyTo(merged.Weights[target.BiasHh].Slice(m * h, h));
                }
            CopyBlock(from[ParameterLayout.FcWeight], c.NumClasses, c.OutputSize, merged.Weights[ParameterLayout.FcWeight], config.OutputSize,
                row => row, column => OutputColumn(m, column), scale);
            var bias = merged.Weights[ParameterLayout.FcBias];
            var memberBias = from[ParameterLayout.FcBias];
            for (int i = 0; i < bias.Length; i++) bias[i] += memberBias[i] * scale;
        }
        return merged;
    }

    // target[row(r), column(j)] = scale · source[r, j] for a rows × columns source; targets are row-major with the given width.
    static void CopyBlock<T>(ReadOnlySpan<T> source, int rows, int columns, Span<T> target, int targetColumns, Func<int, int> row, Func<int, int> column, T scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            int start = row(r) * targetColumns;
            for (int j = 0; j < columns; j++) target[start + column(j)] = scale * source[r * columns + j];
        }
    }
}
