using Elman.Data.Tasks;
using Elman.Model;
using Elman.Numerics;

namespace Elman.Tests.Data;

/// <summary>Statistics of the generated tasks: what the literature's baselines depend on.</summary>
public class SyntheticTaskTests
{
    [Fact]
    public void Adding_marks_one_step_in_each_half_and_predicting_one_gives_mse_one_sixth()
    {
        const int n = 100_000, length = 20;
        var data = AddingTask.Generate(n, length, new SeededRandom(4));
        Assert.True(data.IsRegression);
        double mse = 0;
        for (int i = 0; i < n; i++)
        {
            var marked = Enumerable.Range(0, length).Where(t => data.X![(i * length + t) * 2 + 1] == 1).ToArray();
            Assert.Equal(2, marked.Length);
            Assert.InRange(marked[0], 0, length / 2 - 1);
            Assert.InRange(marked[1], length / 2, length - 1);
            float sum = data.X![(i * length + marked[0]) * 2] + data.X[(i * length + marked[1]) * 2];
            Assert.Equal(sum, data.Targets![i]);
            mse += (data.Targets[i] - 1.0) * (data.Targets[i] - 1.0) / n;
        }
        Assert.InRange(mse, 1.0 / 6 - 0.003, 1.0 / 6 + 0.003);
    }

    [Fact]
    public void Copy_first_puts_the_label_at_step_one_and_balances_classes()
    {
        const int n = 8000, length = 15;
        var data = CopyFirstTask.Generate(n, length, new SeededRandom(5));
        var counts = new int[CopyFirstTask.Symbols];
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(1f, data.X![i * length * CopyFirstTask.Symbols + data.Labels[i]]);
            counts[data.Labels[i]]++;
        }
        Assert.All(counts, k => Assert.InRange(k, 850, 1150));
    }

    [Fact]
    public void Parity_label_is_the_xor_of_the_bits()
    {
        const int n = 4000, length = 9;
        var data = ParityTask.Generate(n, length, new SeededRandom(6));
        int odd = 0;
        for (int i = 0; i < n; i++)
        {
            int ones = Enumerable.Range(0, length).Count(t => data.X![(i * length + t) * 2 + 1] == 1);
            Assert.Equal(ones % 2, data.Labels[i]);
            odd += data.Labels[i];
        }
        Assert.InRange(odd, 1800, 2200);
    }

    [Fact]
    public void Every_task_fits_the_head_it_declares()
    {
        foreach (var task in BuiltinTasks.All)
        {
            var data = task.Generate(10, 12, new SeededRandom(1));
            Assert.Equal(task.Head == OutputHead.Regression, data.IsRegression);
            Assert.Equal(task.InputSize, data.InputSize);
            var config = new RnnConfig(0, task.InputSize, 4, 1, task.Outputs, Head: task.Head);
            config.Validate();
        }
    }

    [Fact]
    public void Unknown_task_names_the_choices()
        => Assert.Contains("temporal-order", Assert.Throws<ElmanException>(() => BuiltinTasks.Get("nope")).Message);
}
