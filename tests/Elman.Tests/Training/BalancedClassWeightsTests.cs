using Elman.Training;

namespace Elman.Tests.Training;

public class BalancedClassWeightsTests
{
    [Fact]
    public void Match_scikit_learns_balanced_weights()
    {
        // compute_class_weight('balanced', classes=np.arange(3), y=np.array([0,0,0,0,0,0,1,1,1,2]))
        // (scikit-learn 1.2.1) → [0.55555556 1.11111111 3.33333333] = 10 / (3 · (6, 3, 1)).
        var w = BalancedClassWeights.From([0, 0, 0, 0, 0, 0, 1, 1, 1, 2], 3);
        Assert.Equal([10.0 / 18, 10.0 / 9, 10.0 / 3], w);
        Assert.Equal(0.55555556, w[0], 8);
        Assert.Equal(3.33333333, w[2], 8);
    }

    [Fact]
    public void Every_class_then_weighs_the_same_in_total_and_an_absent_class_gets_zero()
    {
        int[] labels = [2, 2, 0, 2, 2, 0, 2];
        var w = BalancedClassWeights.From(labels, 4);
        Assert.Equal(0, w[1]);
        Assert.Equal(0, w[3]);
        Assert.Equal(labels.Length / 4.0, labels.Count(y => y == 0) * w[0], 12);
        Assert.Equal(labels.Length / 4.0, labels.Count(y => y == 2) * w[2], 12);
    }

    [Fact]
    public void No_labels_or_a_label_out_of_range_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BalancedClassWeights.From([], 2));
        Assert.Throws<ArgumentException>(() => BalancedClassWeights.From([0, 2], 2));
    }
}
