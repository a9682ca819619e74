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

    // sklearn 1.2.1: f1_score(y, p, labels=list(range(c)), average='macro', zero_division=0) for each case, printed with repr.
    public static TheoryData<int[], int[], int, double> ScikitLearnMacroF1 => new()
    {
        { [0, 0, 0, 0, 1, 1, 1, 2, 2, 2], [0, 0, 1, 2, 1, 1, 0, 2, 2, 1], 3, 0.6031746031746033 },
        { [0, 0, 0, 1, 1, 2, 2, 2, 2, 3], [0, 0, 0, 0, 0, 2, 2, 2, 1, 0], 4, 0.38095238095238093 },   // classes 1 and 3 never right
        { [0, 0, 1, 1, 1, 1], [0, 2, 1, 1, 1, 2], 3, 0.5079365079365079 },                           // class 2 predicted, never true
        { [0, 0, 0, 0, 0, 1, 1, 1], [0, 0, 0, 0, 0, 0, 0, 0], 3, 0.25641025641025644 },             // class 2 neither true nor predicted
    };

    [Theory]
    [MemberData(nameof(ScikitLearnMacroF1))]
    public void Macro_f1_matches_scikit_learn_over_all_classes(int[] actual, int[] predicted, int classes, double sklearn)
        => Assert.Equal(sklearn, ClassificationReport.FromConfusion(ClassificationReport.Confusion(actual, predicted, classes)).MacroF1, 15);

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
