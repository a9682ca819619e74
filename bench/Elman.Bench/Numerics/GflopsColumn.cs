using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Parameters;
using BenchmarkDotNet.Running;

namespace Elman.Bench.Numerics;

/// <summary>
/// Throughput of a GEMM benchmark, 2·M·N·K / mean time, with the shape taken from the benchmark's
/// parameters: <c>Size</c> (square), or <c>Batch</c> and <c>Hidden</c> (the recurrent step [B, H] · [H, H]).
/// </summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);
    public string ColumnName => "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Floating-point operations per second, 2·M·N·K / Mean, in billions";

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics) return "-";
        double flops = Flops(benchmarkCase.Parameters);
        return double.IsNaN(flops) ? "-" : (flops / statistics.Mean).ToString("F1", style.CultureInfo);
    }

    // Mean is in nanoseconds, so flops / Mean is GFLOP/s.
    static double Flops(ParameterInstances parameters)
    {
        double size = Get(parameters, "Size"), batch = Get(parameters, "Batch"), hidden = Get(parameters, "Hidden");
        return double.IsNaN(size) ? 2 * batch * hidden * hidden : 2 * size * size * size;
    }

    static double Get(ParameterInstances parameters, string name) =>
        parameters.Items.FirstOrDefault(p => p.Name == name)?.Value is { } value
            ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)
            : double.NaN;
}

/// <summary>Adds <see cref="GflopsColumn"/> and the allocation column to a benchmark class.</summary>
public sealed class GemmBenchmarkConfig : ManualConfig
{
    public GemmBenchmarkConfig()
    {
        AddColumn(new GflopsColumn());
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
