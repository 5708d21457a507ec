using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Convene.Bench.Actors;

/// <summary>
/// Orleans 10 in-silo grain call round trip (from the host's <see cref="IGrainFactory"/>) against the same
/// request/response over a bare channel with one consumer task (the baseline), plus throughput over many grains
/// and the cost of a new activation.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GrainCallConfig))]
public class GrainCallBenchmarks
{
    private const int Fanout = 1000;
    private InProcessSilo _silo = null!;
    private IPingGrain _grain = null!;
    private IPingGrain[] _grains = null!;
    private Task<int>[] _pending = null!;
    private Channel<(int Value, TaskCompletionSource<int> Reply)> _channel = null!;
    private Task _consumer = null!;
    private int _nextKey;

    [GlobalSetup]
    public void Setup()
    {
        _silo = InProcessSilo.Start();
        _grain = _silo.GrainFactory.GetGrain<IPingGrain>("one");
        _grains = [.. Enumerable.Range(0, Fanout).Select(i => _silo.GrainFactory.GetGrain<IPingGrain>($"many-{i}"))];
        _pending = new Task<int>[Fanout];
        foreach (var grain in _grains) grain.PingAsync(1).GetAwaiter().GetResult();
        _grain.PingAsync(1).GetAwaiter().GetResult();

        _channel = Channel.CreateUnbounded<(int, TaskCompletionSource<int>)>(new UnboundedChannelOptions { SingleReader = true });
        _consumer = Task.Run(async () =>
        {
            await foreach (var (value, reply) in _channel.Reader.ReadAllAsync()) reply.TrySetResult(value);
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _channel.Writer.Complete();
        _consumer.GetAwaiter().GetResult();
        _silo.Dispose();
    }

    [Benchmark(Baseline = true, Description = "bare channel round trip")]
    public Task<int> ChannelRoundTrip()
    {
        var reply = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _channel.Writer.TryWrite((1, reply));
        return reply.Task;
    }

    [Benchmark(Description = "grain call round trip")]
    public Task<int> GrainCallRoundTrip() => _grain.PingAsync(1);

    [Benchmark(OperationsPerInvoke = Fanout, Description = "grain calls, 1000 grains in parallel (per call)")]
    public async Task GrainCallsAcrossManyGrains()
    {
        for (var i = 0; i < _grains.Length; i++) _pending[i] = _grains[i].PingAsync(1);
        await Task.WhenAll(_pending);
    }

    [Benchmark(Description = "activate a new grain (first call)")]
    public Task<int> ActivateNewGrain() =>
        _silo.GrainFactory.GetGrain<IPingGrain>($"new-{Interlocked.Increment(ref _nextKey)}").PingAsync(1);
}

/// <summary>
/// What call shape costs: a reference-type argument deep-copied (in-silo calls copy arguments) against the same
/// argument marked <c>[Immutable]</c>, and <c>[OneWay]</c> calls against awaited ones, pipelined to one grain.
/// The baseline is the plain <c>PingAsync(int)</c> round trip.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GrainCallConfig))]
public class GrainCallVariantBenchmarks
{
    private const int Batch = 1000;
    private InProcessSilo _silo = null!;
    private IPingGrain _grain = null!;
    private PingPayload _payload = null!;
    private Task<int>[] _pending = null!;

    [GlobalSetup]
    public void Setup()
    {
        _silo = InProcessSilo.Start();
        _grain = _silo.GrainFactory.GetGrain<IPingGrain>("one");
        _payload = new PingPayload { Name = "room-42/participant-7", Data = new byte[256] };
        _pending = new Task<int>[Batch];
        _grain.PingAsync(1).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _silo.Dispose();

    [Benchmark(Baseline = true, Description = "grain call round trip, int argument")]
    public Task<int> GrainCallRoundTrip() => _grain.PingAsync(1);

    [Benchmark(Description = "grain call, 256-byte payload argument (deep-copied)")]
    public Task<int> PayloadCopied() => _grain.EchoAsync(_payload);

    [Benchmark(Description = "grain call, same payload marked [Immutable]")]
    public Task<int> PayloadImmutable() => _grain.EchoImmutableAsync(_payload);

    [Benchmark(OperationsPerInvoke = Batch, Description = "1000 awaited calls to one grain, pipelined (per call)")]
    public async Task TwoWayPipelined()
    {
        for (var i = 0; i < Batch; i++) _pending[i] = _grain.PingAsync(1);
        await Task.WhenAll(_pending);
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "1000 [OneWay] calls to one grain + one awaited call (per call)")]
    public async Task OneWayPipelined()
    {
        // Each activation handles its messages in order, so the awaited call returns after the one-way ones ran.
        for (var i = 0; i < Batch - 1; i++) _ = _grain.PingOneWayAsync(1);
        await _grain.PingAsync(1);
    }
}

/// <summary>
/// Adds the median (the runs are on a shared machine) and calls per second. GC levers:
/// <c>CONVENE_BENCH_GC_CONCURRENT=0|1</c> and <c>CONVENE_BENCH_GC_SERVER=0|1</c> add a ShortRun job with those
/// runtimeconfig settings (run without <c>--job</c>). BenchmarkDotNet writes <c>System.GC.Concurrent</c> into the
/// benchmark's runtimeconfig, which wins over <c>DOTNET_gcConcurrent</c>; <c>DOTNET_gcServer</c> via
/// <c>--envVars</c> does work. The silo prints the GC mode it got. <c>CONVENE_BENCH_SPIN=70,0</c> adds one ShortRun
/// job per thread-pool spin limit (<c>DOTNET_ThreadPool_UnfairSemaphoreSpinLimit</c>: 70 is the runtime's default,
/// 0 what the silo ships with), so their latency and throughput compare in one run.
/// </summary>
public sealed class GrainCallConfig : ManualConfig
{
    public GrainCallConfig()
    {
        AddColumn(StatisticColumn.Median, new CallsPerSecondColumn());
        foreach (var spin in (Environment.GetEnvironmentVariable("CONVENE_BENCH_SPIN") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            // The runtime reads DOTNET_ settings as hexadecimal: 70 is "46".
            var hex = int.Parse(spin, System.Globalization.CultureInfo.InvariantCulture).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
            AddJob(Job.ShortRun.WithEnvironmentVariables(new EnvironmentVariable("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", hex)).WithId($"spin {spin}"));
        }

        var concurrent = Environment.GetEnvironmentVariable("CONVENE_BENCH_GC_CONCURRENT");
        var server = Environment.GetEnvironmentVariable("CONVENE_BENCH_GC_SERVER");
        if (concurrent is null && server is null) return;
        var job = Job.ShortRun;
        if (concurrent is not null) job = job.WithGcConcurrent(concurrent == "1");
        if (server is not null) job = job.WithGcServer(server == "1");
        AddJob(job);
    }
}

/// <summary>1 / mean time per call (per operation, so fan-out benchmarks give aggregate throughput).</summary>
public sealed class CallsPerSecondColumn : IColumn
{
    public string Id => nameof(CallsPerSecondColumn);
    public string ColumnName => "Calls/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Calls per second (1 / mean per call)";
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        return stats is null || stats.Mean <= 0 ? "-" : (1e9 / stats.Mean).ToString("N0");
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
}
