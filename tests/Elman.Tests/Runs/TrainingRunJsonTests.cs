using Elman.Runs;
using Elman.Training;

namespace Elman.Tests.Runs;

public class TrainingRunJsonTests
{
    [Fact]
    public void Class_weighting_and_the_selection_metric_round_trip_by_name()
    {
        var run = RunDefaults.For(new TextFileData("reviews.csv")) is var d ? d with
        {
            Optimization = d.Optimization with { ClassWeight = ClassWeighting.Balanced, SelectBy = ValidationMetric.MacroF1 },
        } : d;
        string json = run.ToJson();
        Assert.Contains("\"classWeight\":\"balanced\"", json);
        Assert.Contains("\"selectBy\":\"macro-f1\"", json);
        var back = TrainingRun.FromJson(json, "test");
        Assert.Equal((ClassWeighting.Balanced, ValidationMetric.MacroF1), (back.Optimization.ClassWeight, back.Optimization.SelectBy));

        var explicitWeights = run with { Optimization = run.Optimization with { ClassWeight = ClassWeighting.None, ClassWeights = [0.5, 2.25] } };
        Assert.Equal([0.5, 2.25], TrainingRun.FromJson(explicitWeights.ToJson(), "test").Optimization.ClassWeights);
    }

    [Fact]
    public void A_run_stored_before_these_settings_reads_as_unweighted_and_selected_by_loss()
    {
        var run = RunDefaults.For(new TextFileData("reviews.csv"));
        string old = run.ToJson().Replace(",\"selectBy\":\"loss\"", "").Replace(",\"classWeight\":\"none\"", "").Replace(",\"classWeights\":null", "");
        Assert.DoesNotContain("selectBy", old);
        Assert.DoesNotContain("classWeight", old);
        var back = TrainingRun.FromJson(old, "test");
        Assert.Equal((ClassWeighting.None, ValidationMetric.Loss, (IReadOnlyList<double>?)null), (back.Optimization.ClassWeight, back.Optimization.SelectBy, back.Optimization.ClassWeights));
    }
}
