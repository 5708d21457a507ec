using Convene.Actors.Hosting;
using Convene.Actors.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Convene.Actors.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Idle_deactivation_then_reactivation_reloads_persisted_state()
    {
        var (cluster, probe) = await Clusters.StartAsync(o => o.IdleDeactivationAge = TimeSpan.Zero);
        await using var _ = cluster;
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("idle");
        await grain.AddAsync(41);
        await grain.SaveAsync();
        await grain.AddAsync(1000); // not saved: lost with the activation

        Assert.Equal(1, cluster.Silo.CollectIdleActivations());
        await probe.WhenRecorded("deactivate:idle:Idle").Within("the idle grain to deactivate");

        Assert.Equal(41, await grain.GetAsync());
        Assert.Equal(2, probe.Count("activate:idle"));
    }

    [Fact]
    public async Task A_busy_grain_is_not_collected_as_idle()
    {
        var (cluster, _) = await Clusters.StartAsync(o => o.IdleDeactivationAge = TimeSpan.FromHours(1));
        await using var __ = cluster;
        await cluster.GrainFactory.GetGrain<ICounterGrain>("fresh").AddAsync(1);

        Assert.Equal(0, cluster.Silo.CollectIdleActivations());
        Assert.Equal(1, cluster.Silo.ActivationCount);
    }

    [Fact]
    public async Task DeactivateOnIdle_deactivates_after_the_call()
    {
        var (cluster, probe) = await Clusters.StartAsync();
        await using var _ = cluster;
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("leaving");
        await grain.AddAsync(1);

        await grain.DeactivateAsync();
        await probe.WhenRecorded("deactivate:leaving:Requested").Within("the grain to deactivate on request");

        Assert.Equal(0, await grain.GetAsync()); // state was never saved
        Assert.Equal(2, probe.Count("activate:leaving"));
    }

    [Fact]
    public async Task Shutdown_deactivates_every_activation_and_later_calls_fail_clearly()
    {
        var (cluster, probe) = await Clusters.StartAsync();
        var grains = Enumerable.Range(0, 5).Select(i => cluster.GrainFactory.GetGrain<ICounterGrain>($"s{i}")).ToArray();
        foreach (var grain in grains) await grain.AddAsync(1);
        var silo = cluster.Silo;

        await silo.StopAsync(CancellationToken.None);

        for (var i = 0; i < 5; i++) Assert.Equal(1, probe.Count($"deactivate:s{i}:ShuttingDown"));
        Assert.Equal(0, silo.ActivationCount);
        var error = await Assert.ThrowsAsync<GrainUnavailableException>(() => grains[0].GetAsync());
        Assert.Contains("stopping", error.Message);
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task Timer_ticks_run_as_turns_that_never_interleave_with_calls()
    {
        var (cluster, probe) = await Clusters.StartAsync();
        await using var _ = cluster;
        var grain = cluster.GrainFactory.GetGrain<INotifierGrain>("ticker");

        await grain.StartTimerAsync(ticks: 20);
        for (var i = 0; i < 10; i++) await grain.TrackWhileTimerRunsAsync();
        await probe.WhenRecorded("timer-done:ticker").Within("20 timer ticks");

        Assert.Equal(0, probe.Count("timer-interleaved"));
        Assert.Equal(20, await grain.TrackWhileTimerRunsAsync());
    }

    [Fact]
    public async Task State_survives_a_silo_restart_on_sqlite()
    {
        var path = Path.Combine(Path.GetTempPath(), $"convene-actors-{Guid.NewGuid():N}.db");
        try
        {
            using (var first = StartSqliteHost(path))
            {
                await first.StartAsync();
                var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("durable");
                await grain.AddAsync(12);
                await grain.SaveAsync();
                await first.StopAsync();
            }

            using var second = StartSqliteHost(path);
            await second.StartAsync();
            var again = second.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("durable");
            Assert.Equal(12, await again.GetAsync());
            await second.StopAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*")) File.Delete(file);
        }
    }

    private static IHost StartSqliteHost(string path)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new Probe());
        builder.UseConveneActors(a => a.AddGrains(typeof(CounterGrain).Assembly).UseSqliteStorage(path));
        return builder.Build();
    }
}
