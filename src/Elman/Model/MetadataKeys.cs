namespace Elman.Model;

/// <summary>Keys Elman writes into a checkpoint's <c>__metadata__</c> besides "config"; all values are strings.</summary>
public static class MetadataKeys
{
    /// <summary>The built-in task the model was trained on, e.g. "temporal-order".</summary>
    public const string Task = "task";
    /// <summary>The task's sequence length T.</summary>
    public const string Length = "length";
    /// <summary>The seed of the training run.</summary>
    public const string Seed = "seed";
    /// <summary>A JSON array of class names, one per class.</summary>
    public const string ClassNames = "class_names";
    /// <summary>The Elman version that wrote the file.</summary>
    public const string ElmanVersion = "elman_version";
    /// <summary>Text models: the tokenizer settings as JSON, e.g. <c>{"kind":"word","lowercase":true}</c>.</summary>
    public const string Tokenizer = "tokenizer";
    /// <summary>Text models: the vocabulary as a JSON array of tokens, index = id (0 "&lt;pad&gt;", 1 "&lt;unk&gt;").</summary>
    public const string Vocabulary = "vocab";
    /// <summary>Text models: texts are truncated to this many tokens.</summary>
    public const string MaxLength = "max_length";
    /// <summary>Text models: which tokens of a text longer than <see cref="MaxLength"/> are kept, "first" or "last".</summary>
    public const string Keep = "keep";
    /// <summary>Text models: the train/validation/test shares of the split as given, e.g. "80/10/10" (with <see cref="Seed"/> it recreates the split).</summary>
    public const string Split = "split";
    /// <summary>Text models: where the training data came from, e.g. "names" or a file name.</summary>
    public const string Dataset = "dataset";
    /// <summary>How many independently trained models were merged into this one (<see cref="Ensemble"/>); absent for one.</summary>
    public const string EnsembleMembers = "ensemble_members";
}
