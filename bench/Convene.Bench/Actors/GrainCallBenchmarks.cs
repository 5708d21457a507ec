using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Convene.Actors;
using Convene.Actors.Testing;

namespace Convene.Bench.Actors;

/// <summary>
/// In-silo grain call round trip against the same request/response over a bare channel with one
/// consumer task (the baseline), plus throughput over many grains and the cost of a new activation.
/// </summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private const int Fanout = 1000;
    private TestCluster _cluster = null!;
    private IPingGrain _grain = null!;
    private IPingGrain[] _grains = null!;
    private Task<int>[] _pending = null!;
    private Channel<(int Value, TaskCompletionSource<int> Reply)> _channel = null!;
    private Task _consumer = null!;
    private int _nextKey;

    [GlobalSetup]
    public void Setup()
    {
        _cluster = new TestClusterBuilder().AddGrains(typeof(PingGrain).Assembly).Build();
        _cluster.DeployAsync().GetAwaiter().GetResult();
        _grain = _cluster.GrainFactory.GetGrain<IPingGrain>("one");
        _grains = [.. Enumerable.Range(0, Fanout).Select(i => _cluster.GrainFactory.GetGrain<IPingGrain>($"many-{i}"))];
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
        _cluster.StopAllSilosAsync().GetAwaiter().GetResult();
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
        _cluster.GrainFactory.GetGrain<IPingGrain>($"new-{Interlocked.Increment(ref _nextKey)}").PingAsync(1);
}
