using Elman.Numerics;

namespace Elman.Tests.Numerics;

public sealed class GemmOrientationTests
{
    [Theory]
    [InlineData(256, 4, true)]     // dW_ih for 4 inputs: [H, D]
    [InlineData(64, 10, true)]     // logits for 10 classes: [B, C]
    [InlineData(32000, 16, true)]  // dX for 16 inputs: [T·B, D]
    [InlineData(64, 256, false)]   // the recurrent step
    [InlineData(1024, 1024, false)]
    [InlineData(1, 257, false)]    // a single sequence: one row is already the cheap side
    [InlineData(7, 33, false)]
    public void TransposesOnlyWhenItFillsTheTiles(int m, int n, bool expected) =>
        Assert.True(GemmOrientation.ShouldTranspose(m, n, nr: 32) == expected, $"m={m} n={n}: expected {expected}");
}
