namespace Elman.Model;

/// <summary>What the linear layer on the top state predicts, and the loss it is trained on.</summary>
public enum OutputHead
{
    /// <summary>C ≥ 2 class logits, softmax, mean cross-entropy (PyTorch's <c>CrossEntropyLoss</c>).</summary>
    Classification,

    /// <summary>One real value, mean squared error (PyTorch's <c>MSELoss</c>), e.g. for the adding problem.</summary>
    Regression,
}
