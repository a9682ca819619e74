using Elman.Data.Text;
using Elman.Model;
using Elman.Training;

namespace Elman.Tests.Data.Text;

public sealed class TextClassifierTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("elman-text-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static (TextClassifier Classifier, TextDatasets Data) Trained()
    {
        var examples = Enumerable.Range(0, 120).Select(i => i % 3 == 0
            ? new LabelledText($"great lovely {(i % 5 == 0 ? "film" : "movie")}", "pos")
            : new LabelledText($"dull boring {(i % 7 == 0 ? "plot" : "story")} sadly", "neg")).ToList();
        var data = TextDatasets.Build(examples, new TextDatasetOptions { Seed = 2 });
        var model = RnnClassifier<float>.Create(new RnnConfig(data.Encoder.Vocabulary.Count, 8, 8, 1, 2), 2);
        new Trainer(model, new TrainingOptions { Epochs = 20, LearningRate = 1e-2, Seed = 2 }) { BatchOrder = new LengthBucketedBatchOrder(2) }.Fit(data.Train);
        return (new TextClassifier(model, data.Encoder, data.ClassNames), data);
    }

    [Fact]
    public void A_checkpoint_with_vocabulary_predicts_the_same_after_reload()
    {
        var (classifier, _) = Trained();
        string path = Path.Combine(_dir, "m.safetensors");
        var metadata = new Dictionary<string, string> { [MetadataKeys.ClassNames] = "[\"neg\",\"pos\"]" };
        classifier.Encoder.WriteTo(metadata);
        Checkpoint.Save(classifier.Model, path, metadata);

        var loaded = TextClassifier.Load(path);
        string[] texts = ["great movie", "boring story sadly", "never seen words", "", "GREAT LOVELY FILM and more"];
        var before = classifier.Predict(texts);
        var after = loaded.Predict(texts);
        Assert.Equal(["neg", "pos"], loaded.ClassNames);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(before[i].Label, after[i].Label);
            Assert.Equal(before[i].Probabilities, after[i].Probabilities);   // float weights are stored exactly
            Assert.Equal(1.0, after[i].Probabilities.Sum(), 5);
        }
    }

    [Fact]
    public void Batched_predictions_equal_one_at_a_time()
    {
        var (classifier, _) = Trained();
        string[] texts = ["great", "dull boring story sadly and so on and on", "film", "x y z", "lovely"];
        var batched = classifier.Predict(texts, batchSize: 3);
        for (int i = 0; i < texts.Length; i++)
        {
            var single = classifier.Predict(texts[i]);
            for (int c = 0; c < 2; c++) Assert.Equal(single.Probabilities[c], batched[i].Probabilities[c], 6);
        }
    }

    [Fact]
    public void Predictions_from_many_threads_equal_sequential_ones()
    {
        var (classifier, _) = Trained();
        string[] texts = ["great movie", "boring story", "lovely film sadly", "dull"];
        var expected = texts.Select(t => classifier.Predict(t).Probabilities.ToArray()).ToArray();
        Parallel.For(0, 8, _ =>
        {
            for (int k = 0; k < 50; k++)
                Assert.Equal(expected[k % texts.Length], classifier.Predict(texts[k % texts.Length]).Probabilities);
        });
    }

    [Fact]
    public void The_learned_task_is_learned()
    {
        var (classifier, data) = Trained();
        var result = EvaluationResult.Evaluate(classifier.Model, data.Test);
        Assert.True(result.Accuracy >= 0.9, $"accuracy {result.Accuracy}");
    }
}
