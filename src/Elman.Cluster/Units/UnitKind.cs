namespace Elman.Cluster.Units;

/// <summary>What a unit of work computes.</summary>
public enum UnitKind
{
    /// <summary>One ensemble member of a training run: its final training state and its kept model.</summary>
    Member,
    /// <summary>One model × length × seed cell of a long-range experiment: its verdict and learning curve.</summary>
    LongRangeCell,
    /// <summary>A slice of the texts to classify: every text's class and probabilities, in order.</summary>
    PredictionShard,
}
