namespace Elman.Training;

/// <summary>The optimisers the trainer can build.</summary>
public enum OptimizerKind
{
    /// <summary>SGD with optional (Nesterov) momentum, <see cref="Sgd{T}"/>.</summary>
    Sgd,
    /// <summary>Adam, <see cref="Adam{T}"/>.</summary>
    Adam,
    /// <summary>Adam with decoupled weight decay, <see cref="Adam{T}"/>.</summary>
    AdamW,
    /// <summary>RMSprop, <see cref="RmsProp{T}"/>.</summary>
    RmsProp,
}
