using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Elman.Data;
using Elman.Data.Sequences;
using Elman.Data.Tasks;
using Elman.Data.Text;
using Elman.Model;
using Elman.Numerics;

namespace Elman.Runs;

/// <summary>
/// Reads or generates a run's data and splits it. Synthetic tasks draw training, validation and test sets
/// from the seed (streams 10, 11, 12); texts are split stratified by the seed, tokenized, and the vocabulary
/// is built from the training split only.
/// </summary>
public static class DataPreparation
{
    /// <summary>Prepares the data <paramref name="run"/> describes; <paramref name="corpora"/> reads a named corpus.</summary>
    /// <exception cref="ElmanException">The data cannot be read, or do not fit the settings.</exception>
    public static PreparedData Prepare(TrainingRun run, ICorpusSource corpora)
    {
        var clock = Stopwatch.StartNew();
        return run.Data switch
        {
            SyntheticData s => Synthetic(s, run.Seed, clock),
            CorpusData c => Corpus(run, corpora.Load(c.Corpus), clock),
            TextFileData f => TextFile(run, f, clock),
            TextRowsData r => Text(run, r.Rows, 0, null, clock, r.ClassNames),
            NumericFileData n => Numeric(run, n.Read ?? new NumericReadOptions(), NumericSequenceFile.Read(n.Path, n.Read), n.TestPath, n.ValidationPath, clock),
            SequenceCorpusData c => Numeric(run, new NumericReadOptions(), corpora.LoadSequences(c.Corpus), null, null, clock),
            _ => throw new ElmanException($"unknown kind of data: {run.Data.GetType().Name}"),
        };
    }

    static PreparedData Synthetic(SyntheticData s, ulong seed, Stopwatch clock)
    {
        var task = BuiltinTasks.Get(s.Task);
        // Fresh data: epoch e draws from stream 1000 + e; fixed data from streams 10, 11, 12.
        SequenceDataset Fresh(int epoch) => task.Generate(s.TrainSize, s.Length, SeededRandom.Derive(seed, 1000 + (ulong)epoch));
        var train = s.FreshEachEpoch ? Fresh(1) : task.Generate(s.TrainSize, s.Length, SeededRandom.Derive(seed, 10));
        var validation = s.FreshEachEpoch ? null : task.Generate(s.TestSize, s.Length, SeededRandom.Derive(seed, 11));
        var test = task.Generate(s.TestSize, s.Length, SeededRandom.Derive(seed, 12));
        return new PreparedData
        {
            TrainingEpochs = _ => s.FreshEachEpoch ? epoch => Fresh(epoch) : _ => train,
            Train = train,
            Validation = validation,
            Test = test,
            ClassNames = task.ClassNames,
            VocabSize = 0,
            InputSize = task.InputSize,
            Outputs = task.Outputs,
            Head = task.Head,
            MaxSteps = s.Length,
            BucketByLength = false,
            ModelMetadata = new Dictionary<string, string>
            {
                [MetadataKeys.Task] = task.Name,
                [MetadataKeys.Length] = s.Length.ToString(CultureInfo.InvariantCulture),
                [MetadataKeys.Seed] = seed.ToString(CultureInfo.InvariantCulture),
                [MetadataKeys.ClassNames] = JsonSerializer.Serialize(task.ClassNames),
            },
            Elapsed = clock.Elapsed,
        };
    }

    // Numeric files: read, split (or take the given test and validation files), fit the standardisation on the
    // training split only and apply it to all three; the model stores it, so it reads raw inputs ever after.
    static PreparedData Numeric(TrainingRun run, NumericReadOptions read, NumericSequences all, string? testPath, string? validationPath, Stopwatch clock)
    {
        var fractions = SplitFractions.Parse(run.Sequences!.Split, "Split");
        NumericSequences train, validation, test;
        if (testPath is null)
        {
            var split = all.Split(fractions, run.Seed);
            (train, validation, test) = (all.Subset(split.Train), all.Subset(split.Validation), all.Subset(split.Test));
        }
        else
        {
            var given = NumericSequenceFile.Read(testPath, read);
            var givenValidation = validationPath is null ? null : NumericSequenceFile.Read(validationPath, read);
            var classes = NumericSequences.MergeClassNames([all, given, .. givenValidation is null ? Array.Empty<NumericSequences>() : [givenValidation]]);
            all = all.WithClasses(classes);
            test = given.WithClasses(classes);
            if (givenValidation is not null) (train, validation) = (all, givenValidation.WithClasses(classes));
            else
            {
                var split = all.Split(new SplitFractions(fractions.Train, fractions.Validation, 0), run.Seed);
                (train, validation) = (all.Subset(split.Train), all.Subset(split.Validation));
            }
        }
        foreach (var other in new[] { validation, test })
            if (other.Count > 0 && other.Features != train.Features)
                throw new ElmanException($"{other.Source}: sequences have D = {other.Features} features, the training data {train.Features}");
        var standardizer = run.Sequences.Normalization == NormalizationKind.Standard ? FeatureStandardizer.Fit(train) : FeatureStandardizer.None;
        foreach (var set in new[] { train, validation, test }.Distinct()) standardizer.ApplyInPlace(set);
        var metadata = new Dictionary<string, string>
        {
            [MetadataKeys.Dataset] = run.Data.Name,
            [MetadataKeys.Seed] = run.Seed.ToString(CultureInfo.InvariantCulture),
            [MetadataKeys.Split] = fractions.ToExactString(),
            [MetadataKeys.ClassNames] = JsonSerializer.Serialize(train.ClassNames),
        };
        if (run.Ensemble > 1) metadata[MetadataKeys.EnsembleMembers] = run.Ensemble.ToString(CultureInfo.InvariantCulture);
        standardizer.WriteTo(metadata);
        var trainSet = train.ToDataset();
        return new PreparedData
        {
            TrainingEpochs = _ => _ => trainSet,
            Train = trainSet,
            Validation = validation.Count > 0 ? validation.ToDataset() : null,
            Test = test.ToDataset(),
            ClassNames = train.ClassNames,
            VocabSize = 0,
            InputSize = train.Features,
            Outputs = train.NumClasses,
            Head = OutputHead.Classification,
            MaxSteps = new[] { train, validation, test }.Max(d => d.Steps),
            BucketByLength = train.Lengths.Distinct().Skip(1).Any(),
            ModelMetadata = metadata,
            Elapsed = clock.Elapsed,
        };
    }

    static PreparedData Corpus(TrainingRun run, NamedCorpus corpus, Stopwatch clock) => Text(run, corpus.Examples, 0, null, clock, corpus.ClassNames);

    static PreparedData TextFile(TrainingRun run, TextFileData f, Stopwatch clock)
    {
        var file = LabelledTextReader.Read(f.Path, f.TextColumn, f.LabelColumn, f.SkipBadRows);
        return Text(run, file.Rows, file.Skipped, file.FirstProblem?.Message, clock);
    }

    static PreparedData Text(TrainingRun run, IReadOnlyList<LabelledText> examples, int skipped, string? firstProblem, Stopwatch clock,
        IReadOnlyList<string>? classNames = null)
    {
        var settings = run.Text!;
        var options = settings.ToDatasetOptions(run.Seed, classNames);
        var data = TextDatasets.Build(examples, options);
        var metadata = new Dictionary<string, string>
        {
            [MetadataKeys.Dataset] = run.Data.Name,
            [MetadataKeys.Seed] = run.Seed.ToString(CultureInfo.InvariantCulture),
            [MetadataKeys.Split] = options.Split.ToExactString(),
            [MetadataKeys.ClassNames] = JsonSerializer.Serialize(data.ClassNames),
        };
        if (run.Ensemble > 1) metadata[MetadataKeys.EnsembleMembers] = run.Ensemble.ToString(CultureInfo.InvariantCulture);
        data.Encoder.WriteTo(metadata);
        double dropout = settings.TokenDropout;
        return new PreparedData
        {
            TrainingEpochs = seed => new TokenDropout(data.Train, dropout, seed).ForEpoch,
            Train = data.Train,
            Validation = data.Validation.Count > 0 ? data.Validation : null,
            Test = data.Test,
            ClassNames = data.ClassNames,
            VocabSize = data.Encoder.Vocabulary.Count,
            InputSize = settings.Embedding,
            Outputs = data.ClassNames.Count,
            Head = OutputHead.Classification,
            MaxSteps = options.MaxLength,
            BucketByLength = true,
            ModelMetadata = metadata,
            Text = data,
            SkippedRows = skipped,
            FirstSkippedProblem = firstProblem,
            Elapsed = clock.Elapsed,
        };
    }
}
