using System.Text.Json;
using System.Text.Json.Serialization;
using Elman.Data.Tasks;
using Elman.Experiments;

namespace Elman.Cluster.Units;

/// <summary>
/// A cell of <c>experiment long-range</c> (model × length × seed) as a unit: the experiment's settings and the
/// cell's coordinates. Its result is the cell's <see cref="LongRangeResult"/>. With a step budget the result
/// depends only on the description; a wall-time budget that runs out makes it depend on the silo's speed.
/// </summary>
public static class LongRangeCells
{
    sealed record Description(string Task, string Variant, int Length, ulong Seed, int Hidden, int BatchSize, int StepsPerCheck, int ValidationSize,
        int TestSize, double BudgetSeconds, long MaxSteps, double? LearningRate);

    sealed record Outcome(bool Succeeded, long? StepsToSuccess, double TestMetric, long Steps, long ElapsedTicks, double[] Curve);

    static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The cell (<paramref name="variant"/>, <paramref name="length"/>, <paramref name="seed"/>) of an experiment with <paramref name="settings"/>.</summary>
    public static WorkUnit Describe(LongRangeRun settings, SyntheticTask task, ModelVariant variant, int length, ulong seed)
    {
        var description = new Description(task.Name, variant.Name, length, seed, settings.Hidden, settings.BatchSize, settings.StepsPerCheck,
            settings.ValidationSize, settings.TestSize, settings.Budget.TotalSeconds, settings.MaxSteps, settings.LearningRate);
        return new WorkUnit(UnitKind.LongRangeCell, $"{variant.Name} T = {length} seed {seed}", JsonSerializer.Serialize(description, Json), settings.Threads, []);
    }

    /// <summary>Runs the cell (on a silo), with ‖W_hh‖₂ on its curve as the local command measures it.</summary>
    internal static byte[] Execute(WorkUnit unit, CancellationToken cancellation)
    {
        var d = JsonSerializer.Deserialize<Description>(unit.Description, Json)!;
        var settings = new LongRangeRun
        {
            Hidden = d.Hidden, BatchSize = d.BatchSize, StepsPerCheck = d.StepsPerCheck, ValidationSize = d.ValidationSize, TestSize = d.TestSize,
            Budget = TimeSpan.FromSeconds(d.BudgetSeconds), MaxSteps = d.MaxSteps, LearningRate = d.LearningRate, Threads = unit.Threads,
            RecurrentNorm = LongRangeRun.FirstLayerRecurrentNorm,
        };
        var r = settings.Run(BuiltinTasks.Get(d.Task), ModelVariant.Get(d.Variant), d.Length, d.Seed, cancellation);
        var curve = r.Curve.SelectMany(p => new[] { p.Step, p.Metric, p.GradientNorm, p.RecurrentNorm }).ToArray();
        return JsonSerializer.SerializeToUtf8Bytes(new Outcome(r.Succeeded, r.StepsToSuccess, r.TestMetric, r.Steps, r.Elapsed.Ticks, curve), Json);
    }

    /// <summary>Reads a cell's result back.</summary>
    /// <exception cref="ElmanException">The payload is not a cell's result.</exception>
    public static LongRangeResult Decode(byte[] payload, ModelVariant variant, int length, ulong seed)
    {
        Outcome? o;
        try
        {
            o = JsonSerializer.Deserialize<Outcome>(payload, Json);
        }
        catch (JsonException e)
        {
            throw new ElmanException($"{variant.Name} T = {length} seed {seed}: the cluster's result is not readable ({e.Message})", e);
        }
        if (o is null || o.Curve.Length % 4 != 0) throw new ElmanException($"{variant.Name} T = {length} seed {seed}: the cluster's result is malformed");
        var curve = new List<CurvePoint>(o.Curve.Length / 4);
        for (int i = 0; i < o.Curve.Length; i += 4) curve.Add(new CurvePoint((long)o.Curve[i], o.Curve[i + 1], o.Curve[i + 2], o.Curve[i + 3]));
        return new LongRangeResult(variant, length, seed, o.Succeeded, o.StepsToSuccess, o.TestMetric, o.Steps, TimeSpan.FromTicks(o.ElapsedTicks), curve);
    }
}
