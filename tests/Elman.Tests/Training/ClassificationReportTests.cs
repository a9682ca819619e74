using Elman.Training;

namespace Elman.Tests.Training;

public class ClassificationReportTests
{
    [Fact]
    public void Matches_scikit_learn_on_a_three_class_example()
    {
        // y_true = [0,0,0,0,1,1,1,2,2,2], y_pred = [0,0,1,2,1,1,0,2,2,1];
        // sklearn.metrics.classification_report: precision 0.667/0.500/0.667, recall 0.500/0.667/0.667,
        // f1 0.571/0.571/0.667, accuracy 0.600, macro f1 0.603.
        int[] actual = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2], predicted = [0, 0, 1, 2, 1, 1, 0, 2, 2, 1];
        var report = ClassificationReport.FromConfusion(ClassificationReport.Confusion(actual, predicted, 3));
        Assert.Equal(0.6, report.Accuracy, 12);
        double[] precision = [2.0 / 3, 0.5, 2.0 / 3], recall = [0.5, 2.0 / 3, 2.0 / 3];
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(precision[c], report.Classes[c].Precision, 12);
            Assert.Equal(recall[c], report.Classes[c].Recall, 12);
            Assert.Equal(2 * precision[c] * recall[c] / (precision[c] + recall[c]), report.Classes[c].F1, 12);
        }
        Assert.Equal([4, 3, 3], report.Classes.Select(m => m.Support));
        Assert.Equal((4.0 / 7 + 4.0 / 7 + 2.0 / 3) / 3, report.MacroF1, 12);
        Assert.Equal(10, report.Count);
    }

    [Fact]
    public void A_class_never_predicted_or_absent_scores_zero()
    {
        var report = ClassificationReport.FromConfusion(new[,] { { 5, 0, 0 }, { 3, 0, 0 }, { 0, 0, 0 } });
        Assert.Equal(5.0 / 8, report.Accuracy, 12);
        Assert.Equal((0, 0, 0), (report.Classes[1].Precision, report.Classes[1].Recall, report.Classes[1].F1));
        Assert.Equal((0, 0, 0), (report.Classes[2].Precision, report.Classes[2].Recall, report.Classes[2].F1));
        Assert.Equal(2 * (5.0 / 8) / (5.0 / 8 + 1) / 3, report.MacroF1, 12);
    }
}
