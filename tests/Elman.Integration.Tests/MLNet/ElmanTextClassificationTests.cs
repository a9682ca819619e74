using Elman.Data;
using Elman.Data.Text;
using Elman.MLNet;
using Elman.Runs;
using Elman.Training;
using Elman.Tests.IO;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Elman.Integration.Tests.MLNet;

/// <summary>
/// The estimator in an ML.NET pipeline on in-memory topic sentences: trains, scores held-out rows,
/// and ML.NET's multiclass evaluator agrees with metrics computed here from the scored rows; Score
/// equals the Elman model's own forward pass; the side file round-trips exactly.
/// </summary>
public sealed class ElmanTextClassificationTests(ElmanTextClassificationTests.TrainedOnce trained) : IClassFixture<ElmanTextClassificationTests.TrainedOnce>
{
    /// <summary>The unidirectional pipeline, trained once for the tests that only read it.</summary>
    public sealed class TrainedOnce
    {
        public TrainedOnce() => Result = Train(new MLContext(seed: 0), bidirectional: false);
        public (ITransformer Model, ElmanTextClassificationTransformer Elman, IDataView Test) Result { get; }
    }

    static readonly ElmanTextClassificationOptions Options = new ElmanTextClassificationOptions() is var d ? d with
    {
        Text = d.Text with { Tokenizer = TokenizerKind.Word, Embedding = 16 },
        Model = d.Model with { Hidden = 24 },
        Optimization = d.Optimization with { Epochs = 12, BatchSize = 16, LearningRate = 1e-2 },
        Seed = 3,
    } : d;

    readonly MLContext _ml = new(seed: 0);

    static (ITransformer Model, ElmanTextClassificationTransformer Elman, IDataView Test) Train(MLContext ml, bool bidirectional)
    {
        var train = ml.Data.LoadFromEnumerable(TopicData.Rows(400, 1));
        var test = ml.Data.LoadFromEnumerable(TopicData.Rows(150, 2));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.ElmanTextClassification(Options with { Model = Options.Model with { Bidirectional = bidirectional } }));
        var model = pipeline.Fit(train);
        return (model, model.LastTransformer, test);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrainsAndEvaluatesLikeAnMLNetMulticlassTrainer(bool bidirectional)
    {
        var (model, elman, test) = bidirectional ? Train(_ml, bidirectional: true) : trained.Result;
        var scored = model.Transform(test);
        var metrics = _ml.MulticlassClassification.Evaluate(scored);

        // The same metrics computed here from the scored rows.
        var labels = scored.GetColumn<uint>("Label").ToArray();
        var scores = scored.GetColumn<float[]>("Score").ToArray();
        var predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        double correct = 0, logLoss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            Assert.Equal(Array.IndexOf(scores[i], scores[i].Max()) + 1, (int)predicted[i]);
            Assert.Equal(1.0, scores[i].Sum(), 1e-5);
            if (predicted[i] == labels[i]) correct++;
            logLoss -= Math.Log(Math.Max(scores[i][labels[i] - 1], 1e-15));
        }
        Assert.Equal(correct / labels.Length, metrics.MicroAccuracy, 1e-12);
        Assert.Equal(logLoss / labels.Length, metrics.LogLoss, 1e-5);

        Assert.True(metrics.MicroAccuracy >= 0.95, $"micro accuracy {metrics.MicroAccuracy:F3}");
        Assert.True(metrics.MacroAccuracy >= 0.95, $"macro accuracy {metrics.MacroAccuracy:F3}");
        Assert.True(metrics.LogLoss < 0.25, $"log-loss {metrics.LogLoss:F3}");
        Assert.Equal(3, metrics.ConfusionMatrix.NumberOfClasses);
        Assert.Equal(TopicData.ClassNames.Order(), elman.ClassNames.Order());
    }

    [Fact]
    public void AnEnsembleWithTokenDropoutAndAWeightAverageIsOneRnnOfKTimesTheUnits()
    {
        var train = _ml.Data.LoadFromEnumerable(TopicData.Rows(400, 1));
        var test = _ml.Data.LoadFromEnumerable(TopicData.Rows(150, 2));
        var options = Options with { Ensemble = 3, Text = Options.Text with { TokenDropout = 0.1 }, Optimization = Options.Optimization with { EmaDecay = 0.9 } };
        var model = _ml.Transforms.Conversion.MapValueToKey("Label").Append(_ml.MulticlassClassification.Trainers.ElmanTextClassification(options)).Fit(train);
        Assert.Equal(3 * Options.Model.Hidden, model.LastTransformer.Model.Config.HiddenSize);
        Assert.Equal(3 * Options.Text.Embedding, model.LastTransformer.Model.Config.InputSize);
        var metrics = _ml.MulticlassClassification.Evaluate(model.Transform(test));
        Assert.True(metrics.MicroAccuracy >= 0.95, $"micro accuracy {metrics.MicroAccuracy:F3}");

        var single = _ml.Transforms.Conversion.MapValueToKey("Label").Append(_ml.MulticlassClassification.Trainers.ElmanTextClassification(Options with { Text = Options.Text with { TokenDropout = 0.1 } })).Fit(train);
        Assert.NotEqual(trained.Result.Elman.Model.Weights.Values, single.LastTransformer.Model.Weights.Values);   // token dropout changes training
    }

    [Theory]
    [InlineData(nameof(TextSettings.TokenDropout))]
    [InlineData(nameof(TrainingOptions.EmaDecay))]
    [InlineData(nameof(ElmanTextClassificationOptions.Ensemble))]
    [InlineData(nameof(TrainingOptions.ClassWeights))]
    public void SmallDataOptionsOutOfRangeAreRejectedByName(string name)
    {
        var options = name switch
        {
            nameof(TrainingOptions.ClassWeights) => Options with { Optimization = Options.Optimization with { ClassWeight = ClassWeighting.Balanced, ClassWeights = [1, 2, 3] } },
            nameof(TextSettings.TokenDropout) => Options with { Text = Options.Text with { TokenDropout = 1 } },
            nameof(TrainingOptions.EmaDecay) => Options with { Optimization = Options.Optimization with { EmaDecay = 1 } },
            _ => Options with { Ensemble = 0 },
        };
        Assert.Contains(name, Assert.Throws<ArgumentException>(() => new ElmanTextClassificationEstimator(options)).Message);
    }

    [Fact]
    public void ScoreIsTheElmanModelsOwnForwardPass()
    {
        var (model, elman, test) = trained.Result;
        var scored = model.Transform(test);
        var texts = scored.GetColumn<string>("Text").ToArray();
        var scores = scored.GetColumn<float[]>("Score").ToArray();
        var vocabulary = elman.Vocabulary.Select((token, id) => (token, id)).ToDictionary(p => p.token, p => p.id);
        for (int i = 0; i < texts.Length; i++)
        {
            // An independent tokenization: lower-case, split on what is not a letter.
            var ids = texts[i].ToLowerInvariant().Split(' ', '.').Where(w => w.Length > 0).Select(w => vocabulary.GetValueOrDefault(w, 1)).ToArray();
            elman.Model.Forward(SequenceBatch<float>.FromTokens(ids, 1, ids.Length, new[] { ids.Length }));
            Assert.Equal(elman.Model.Probabilities.ToArray(), scores[i]);
        }
    }

    [Fact]
    public void SideFileRoundTripsExactly()
    {
        var (model, elman, test) = trained.Result;
        using var dir = new TempDirectory();
        string path = dir.File("topics.safetensors");
        elman.Save(path);
        var loaded = ElmanTextClassificationTransformer.Load(path);

        // The loaded stage scores data whose label was keyed by the original pipeline's first stage.
        var keyed = ((TransformerChain<ElmanTextClassificationTransformer>)model).First().Transform(test);
        var before = elman.Transform(keyed);
        var after = loaded.Transform(keyed);
        Assert.Equal(before.GetColumn<float[]>("Score"), after.GetColumn<float[]>("Score"));
        Assert.Equal(before.GetColumn<uint>("PredictedLabel"), after.GetColumn<uint>("PredictedLabel"));
        Assert.Equal(elman.ClassNames, loaded.ClassNames);
        Assert.Equal(elman.Vocabulary, loaded.Vocabulary);

        // Key values travel with the file: predictions map back to the label strings.
        var names = _ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(after).Transform(after).GetColumn<string>("PredictedLabel");
        Assert.Subset(TopicData.ClassNames.ToHashSet(), names.ToHashSet());
    }

    [Fact]
    public void The_side_file_is_a_text_checkpoint_the_library_and_elman_predict_read()
    {
        var (model, elman, test) = trained.Result;
        using var dir = new TempDirectory();
        string path = dir.File("topics.safetensors");
        elman.Save(path);
        var classifier = TextClassifier.Load(path);
        Assert.Equal(elman.ClassNames, classifier.ClassNames);

        var scored = model.Transform(test);
        var texts = scored.GetColumn<string>("Text").ToArray();
        var scores = scored.GetColumn<float[]>("Score").ToArray();
        var predictions = classifier.Predict(texts, batchSize: 1);
        for (int i = 0; i < texts.Length; i++) Assert.Equal(scores[i], predictions[i].Probabilities);
    }

    [Fact]
    public void PredictionEngineScoresOneSentence()
    {
        var (model, _, _) = trained.Result;
        var withNames = model.Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(model.Transform(_ml.Data.LoadFromEnumerable(TopicData.Rows(1, 9)))));
        var engine = _ml.Model.CreatePredictionEngine<TopicRow, Prediction>(withNames);
        Assert.Equal("finance", engine.Predict(new TopicRow { Text = "The stock market and the bank" }).PredictedLabel);
        Assert.Equal("animals", engine.Predict(new TopicRow { Text = "a big dog" }).PredictedLabel);
    }

    [Fact]
    public void OutputSchemaShapeHasScoreVectorAndKeyedPrediction()
    {
        var data = _ml.Data.LoadFromEnumerable(TopicData.Rows(5, 1));
        var shape = _ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(_ml.MulticlassClassification.Trainers.ElmanTextClassification())
            .GetOutputSchema(ShapeOf(data.Schema));
        var score = shape.Single(c => c.Name == "Score");
        var predicted = shape.Single(c => c.Name == "PredictedLabel");
        Assert.Equal(SchemaShape.Column.VectorKind.Vector, score.Kind);
        Assert.Equal(NumberDataViewType.Single, score.ItemType);
        Assert.True(predicted.IsKey);
    }

    [Fact]
    public void WrongColumnsAreRejectedWithTheirNames()
    {
        var data = _ml.Data.LoadFromEnumerable(TopicData.Rows(5, 1));
        var estimator = _ml.MulticlassClassification.Trainers.ElmanTextClassification(Options);
        Assert.Contains("MapValueToKey", Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(data)).Message);
        var missing = _ml.MulticlassClassification.Trainers.ElmanTextClassification(Options with { TextColumnName = "Body" });
        Assert.Contains("'Body'", Assert.Throws<ArgumentOutOfRangeException>(() => missing.Fit(data)).Message);
        Assert.Throws<ArgumentException>(() => new ElmanTextClassificationEstimator(Options with { Model = Options.Model with { Hidden = 0 } }));
    }

    [Fact]
    public void MLNetModelFormatSaysToUseTheSideFile()
    {
        var (model, _, test) = trained.Result;
        using var stream = new MemoryStream();
        var e = Assert.ThrowsAny<Exception>(() => _ml.Model.Save(model, test.Schema, stream));
        Assert.Contains("ElmanTextClassificationTransformer.Save", (e.InnerException ?? e).Message);
    }

    // ML.NET builds shapes from schemas with an internal method; pipelines call it, tests must reach for it.
    static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static, [typeof(DataViewSchema)])!
            .Invoke(null, [schema])!;

    public sealed class Prediction
    {
        public string PredictedLabel = "";
    }
}
