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
}
