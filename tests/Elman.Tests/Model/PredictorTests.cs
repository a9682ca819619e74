using Elman.Data;
using Elman.Model;
using Elman.Tests.Support;
using Elman.Layers;

namespace Elman.Tests.Model;

public class PredictorTests
{
    [Fact]
    public void Eight_threads_times_a_thousand_predictions_equal_sequential_results()
    {
        var c = new ModelCase(20, 4, 16, 2, 1, 12, 3, Nonlinearity.Tanh, false, 3, Bidirectional: true);
        var model = RandomModels.Model<float>(c);
        var batches = Enumerable.Range(0, 1000).Select(i => RandomModels.Batch<float>(c with { Ragged = true, Batch = 1 + i % 4 }, (ulong)i)).ToArray();
        var reference = model.ShareWeights();
        var sequential = batches.Select(b => Forward(reference, b)).ToArray();

        var predictor = new Predictor<float>(model);
        var results = new float[8][][];
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            results[t] = new float[batches.Length][];
            for (int i = 0; i < batches.Length; i++)
            {
                int j = (i + t * 125) % batches.Length;
                results[t][j] = predictor.Predict(batches[j]);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        for (int t = 0; t < 8; t++)
            for (int i = 0; i < batches.Length; i++)
                Assert.Equal(sequential[i], results[t][i]);
    }

    static float[] Forward(RnnClassifier<float> model, SequenceBatch<float> batch)
    {
        model.Forward(batch);
        return model.Probabilities.ToArray();
    }

    [Fact]
    public void Shared_weights_are_the_same_buffer()
    {
        var model = RnnClassifier<float>.Create(new RnnConfig(0, 3, 4, 1, 2), 1);
        Assert.Same(model.Weights, model.ShareWeights().Weights);
        Assert.NotSame(model.Gradients, model.ShareWeights().Gradients);
    }

    [Fact]
    public void Predicted_classes_are_the_argmax_of_the_probabilities()
    {
        var c = new ModelCase(0, 3, 5, 1, 6, 5, 4, Nonlinearity.Relu, true, 8);
        var predictor = new Predictor<float>(RandomModels.Model<float>(c));
        var batch = RandomModels.Batch<float>(c, 9);
        var p = predictor.Predict(batch);
        var classes = predictor.PredictClasses(batch);
        for (int b = 0; b < 6; b++)
            Assert.Equal(p.Skip(b * 4).Take(4).Max(), p[b * 4 + classes[b]]);
    }
}
