using System.Collections.Concurrent;
using System.Diagnostics;
using Elman.Cluster.Units;
using Elman.Runs;

namespace Elman.Cluster.Hosting;

/// <summary>A unit a silo holds, for <c>elman cluster status</c>.</summary>
/// <param name="Key">The unit's key.</param>
/// <param name="Label">Its short name.</param>
/// <param name="State">Queued or running.</param>
/// <param name="Threads">Threads it runs on.</param>
/// <param name="Seconds">Seconds since it was submitted.</param>
[GenerateSerializer, Alias("elman.unit-report")]
public sealed record UnitReport(string Key, string Label, UnitState State, int Threads, double Seconds);

/// <summary>
/// The units a silo computes, off the Orleans scheduler: each on its own thread once the silo has threads for it
/// (a silo offers <see cref="Threads"/> in all; a unit takes its own thread count, or all of them when it needs
/// more), so a unit of ten minutes never blocks a grain and several never oversubscribe the machine.
/// </summary>
public sealed class SiloWork
{
    readonly SemaphoreSlim _threads;
    readonly SemaphoreSlim _admission = new(1, 1);
    readonly ConcurrentDictionary<string, Entry> _units = new();
    readonly ICorpusSource _corpora;
    readonly UnitFileStore _files;
    readonly UnitResultStore? _results;
    readonly Func<string> _silo;
    readonly Action<string> _log;

    sealed class Entry(WorkUnit unit)
    {
        public WorkUnit Unit { get; } = unit;
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        public volatile bool Running;
    }

    /// <param name="threads">Threads this silo offers (≥ 1).</param>
    /// <param name="corpora">Where named corpora come from.</param>
    /// <param name="files">Where travelling files are kept.</param>
    /// <param name="silo">This silo's address, for results (known once the silo has started).</param>
    /// <param name="log">Told when a unit starts, finishes or fails.</param>
    /// <param name="results">Where finished results are kept on disk; null keeps them in memory only.</param>
    public SiloWork(int threads, ICorpusSource corpora, UnitFileStore files, Func<string> silo, Action<string>? log = null, UnitResultStore? results = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        (Threads, _threads, _corpora, _files, _silo, _log, _results) = (threads, new SemaphoreSlim(threads, threads), corpora, files, silo, log ?? (_ => { }), results);
    }

    /// <summary>The result of unit <paramref name="key"/> kept on disk by an earlier activation, or null.</summary>
    public UnitResult? Stored(string key) => _results?.Find(key);

    /// <summary>Threads this silo offers.</summary>
    public int Threads { get; }

    /// <summary>This silo's address.</summary>
    public string Silo => _silo();

    /// <summary>Units waiting or running, oldest first.</summary>
    public IReadOnlyList<UnitReport> Units()
        => _units.Values.OrderByDescending(e => e.Clock.Elapsed)
            .Select(e => new UnitReport(e.Unit.Key, e.Unit.Label, e.Running ? UnitState.Running : UnitState.Queued, e.Unit.Threads, e.Clock.Elapsed.TotalSeconds)).ToList();

    /// <summary>Whether the unit <paramref name="key"/> is computing (false: waiting for threads, or not here).</summary>
    public bool IsRunning(string key) => _units.TryGetValue(key, out var entry) && entry.Running;

    /// <summary>Computes <paramref name="unit"/> on a thread of its own once enough of this silo's threads are free.</summary>
    /// <exception cref="ElmanException">The unit failed (its message is the one line the client reports).</exception>
    public async Task<UnitResult> Run(WorkUnit unit)
    {
        if (unit.Compute != ComputeSignature.Local)
            throw new ElmanException($"{unit.Label}: this silo computes as '{ComputeSignature.Local}', the unit was described on a machine that computes as '{unit.Compute}'; its result would not be that machine's bytes");
        var entry = new Entry(unit);
        _units[unit.Key] = entry;
        int take = Math.Min(unit.Threads, Threads);
        try
        {
            // One unit gathers its threads at a time, so two large units never each hold half of what they need.
            await _admission.WaitAsync().ConfigureAwait(false);
            try
            {
                for (int i = 0; i < take; i++) await _threads.WaitAsync().ConfigureAwait(false);
            }
            finally
            {
                _admission.Release();
            }
            try
            {
                entry.Running = true;
                _log($"{unit.Label} ({unit.Key[..12]}) started on {unit.Threads} thread{(unit.Threads == 1 ? "" : "s")}");
                var clock = Stopwatch.StartNew();
                byte[] payload;
                try
                {
                    payload = await Task.Factory.StartNew(() => Execute(unit), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    _log($"{unit.Label} ({unit.Key[..12]}) failed: {OneLine.Of(e.Message, 200)}");
                    throw;
                }
                _log($"{unit.Label} ({unit.Key[..12]}) done in {clock.Elapsed.TotalSeconds:F1} s");
                var result = new UnitResult(unit.Key, payload, Silo, Environment.ProcessId, Environment.MachineName, clock.Elapsed);
                _results?.Keep(result);
                return result;
            }
            finally
            {
                _threads.Release(take);
            }
        }
        finally
        {
            _units.TryRemove(unit.Key, out _);
        }
    }

    byte[] Execute(WorkUnit unit) => unit.Kind switch
    {
        UnitKind.Member => MemberUnits.Execute(unit, _corpora, _files.Materialise(unit.Files), CancellationToken.None),
        UnitKind.LongRangeCell => LongRangeCells.Execute(unit, CancellationToken.None),
        UnitKind.PredictionShard => PredictionShards.Execute(unit),
        _ => throw new ElmanException($"{unit.Label}: unknown kind of unit {unit.Kind}"),
    };
}
