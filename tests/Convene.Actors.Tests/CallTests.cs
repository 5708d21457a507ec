using Convene.Actors.Tests.Grains;

namespace Convene.Actors.Tests;

public sealed class CallTests
{
    [Fact]
    public async Task A_call_activates_the_grain_and_returns_its_result()
    {
        var (cluster, probe) = await Clusters.StartAsync();
        await using var _ = cluster;
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("alpha");

        Assert.Equal(5, await grain.AddAsync(5));
        Assert.Equal(7, await grain.AddAsync(2));
        Assert.Equal("alpha", await grain.GetKeyAsync());
        Assert.Equal(7, await grain.GetValueTaskAsync());
        Assert.Equal(1, probe.Count("activate:alpha"));
        Assert.Equal(1, cluster.Silo.ActivationCount);
    }

    [Fact]
    public async Task Concurrent_first_calls_create_exactly_one_activation()
    {
        var (cluster, probe) = await Clusters.StartAsync();
        await using var _ = cluster;

        var calls = Enumerable.Range(0, 64).Select(_ => Task.Run(() => cluster.GrainFactory.GetGrain<ICounterGrain>("once").AddAsync(1)));
        var results = await Task.WhenAll(calls);

        Assert.Equal(1, probe.Count("activate:once"));
        Assert.Equal(Enumerable.Range(1, 64), results.Order());
    }

    [Fact]
    public async Task Concurrent_calls_to_one_grain_never_interleave()
    {
        var (cluster, _) = await Clusters.StartAsync();
        await using var __ = cluster;
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("turns");

        var maxima = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => grain.TrackConcurrencyAsync())));

        Assert.All(maxima, m => Assert.Equal(1, m));
    }

    [Fact]
    public async Task A_non_reentrant_grain_does_not_start_a_second_call_while_the_first_awaits()
    {
        var (cluster, _) = await Clusters.StartAsync(o => { o.ResponseTimeout = TimeSpan.FromMilliseconds(500); o.ShutdownTimeout = TimeSpan.FromMilliseconds(200); });
        await using var __ = cluster;
        var grain = cluster.GrainFactory.GetGrain<IGateGrain>("closed");

        var waiting = grain.WaitAsync();
        var opening = grain.OpenAsync();

        // The opener queues behind the waiter, so both time out instead of completing.
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => waiting);
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => opening);
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_calls_at_await_points()
    {
        var (cluster, _) = await Clusters.StartAsync();
        await using var __ = cluster;
        var grain = cluster.GrainFactory.GetGrain<IReentrantGateGrain>("open");

        var waiting = grain.WaitAsync();
        await grain.OpenAsync().Within("the opening call to run while the first call awaits");

        Assert.Equal("opened", await waiting.Within("the waiting call to complete"));
    }

    [Fact]
    public async Task An_always_interleave_method_runs_while_another_call_awaits()
    {
        var (cluster, _) = await Clusters.StartAsync();
        await using var __ = cluster;
        var grain = cluster.GrainFactory.GetGrain<IGateGrain>("interleave");

        var waiting = grain.WaitAsync();
        await grain.OpenInterleavedAsync().Within("the [AlwaysInterleave] call to run");

        Assert.Equal("opened", await waiting.Within("the waiting call to complete"));
    }

    [Fact]
    public async Task An_exception_reaches_the_caller_unchanged_and_the_grain_stays_usable()
    {
        var (cluster, probe) = await Clusters.StartAsync();
        await using var _ = cluster;
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("thrower");
        await grain.AddAsync(3);

        var error = await Assert.ThrowsAsync<GrainTestException>(() => grain.FailAsync("boom at 3"));

        Assert.Equal("boom at 3", error.Message);
        Assert.Equal(4, await grain.AddAsync(1));
        Assert.Equal(1, probe.Count("activate:thrower"));
    }

    [Fact]
    public async Task A_hanging_call_times_out_with_a_message_naming_grain_and_method()
    {
        var (cluster, _) = await Clusters.StartAsync(o => { o.ResponseTimeout = TimeSpan.FromMilliseconds(300); o.ShutdownTimeout = TimeSpan.FromMilliseconds(200); });
        await using var __ = cluster;
        var grain = cluster.GrainFactory.GetGrain<IGateGrain>("sleeper");

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.HangAsync().Within("the call to time out"));

        Assert.Contains("IGateGrain.HangAsync", error.Message);
        Assert.Contains("sleeper", error.Message);
    }

    [Fact]
    public async Task Arguments_are_copied_so_the_caller_cannot_change_what_the_grain_holds()
    {
        var (cluster, _) = await Clusters.StartAsync();
        await using var __ = cluster;
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("copies");
        var values = new List<int> { 1, 2, 3 };

        var echoed = await grain.EchoListAsync(values);
        values.Add(100);
        echoed.Add(1000);

        Assert.NotSame(values, echoed);
        Assert.Equal(6, await grain.SumLaterAsync([]));
    }

    [Fact]
    public async Task Many_back_to_back_calls_from_several_callers_all_complete()
    {
        // Guards the scheduler's hand-off between a finishing turn and a new message (a lost wake-up
        // would leave a call waiting until its timeout).
        var (cluster, _) = await Clusters.StartAsync(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        await using var __ = cluster;
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("busy");

        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25_000; i++) await grain.GetKeyAsync();
        }));
        await Task.WhenAll(callers).Within("100,000 calls to complete", seconds: 60);

        Assert.Equal(0, await grain.GetAsync());
    }

    internal interface IInternalGrain : IGrainWithStringKey
    {
        Task<int> EchoAsync(int value);
    }

    internal sealed class InternalGrain : Grain, IInternalGrain
    {
        public Task<int> EchoAsync(int value) => Task.FromResult(value);
    }

    [Fact]
    public async Task Public_interfaces_get_emitted_references_and_others_the_dispatch_proxy_with_the_same_behaviour()
    {
        var (cluster, _) = await Clusters.StartAsync();
        await using var __ = cluster;

        var emitted = cluster.GrainFactory.GetGrain<ICounterGrain>("emitted");
        var fallback = cluster.GrainFactory.GetGrain<IInternalGrain>("fallback");

        Assert.IsAssignableFrom<Convene.Actors.Invocation.GrainReference>(emitted);
        Assert.IsAssignableFrom<Convene.Actors.Invocation.GrainProxy>(fallback);
        Assert.Equal(emitted, cluster.GrainFactory.GetGrain<ICounterGrain>("emitted"));
        Assert.Equal(5, await emitted.AddAsync(5));
        Assert.Equal(7, await fallback.EchoAsync(7));
    }
}
