using Convene.Actors.Hosting;
using Convene.Actors.Testing;
using Convene.Actors.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Convene.Actors.Tests;

/// <summary>Starts a test cluster with the test grains and a probe.</summary>
public static class Clusters
{
    public static async Task<(TestCluster Cluster, Probe Probe)> StartAsync(Action<SiloOptions>? configure = null)
    {
        var probe = new Probe();
        var cluster = new TestClusterBuilder()
            .AddGrains(typeof(CounterGrain).Assembly)
            .ConfigureServices(s => s.AddSingleton(probe))
            .ConfigureSilo(s => s.Configure(o => configure?.Invoke(o)))
            .Build();
        await cluster.DeployAsync();
        return (cluster, probe);
    }

    /// <summary>Awaits <paramref name="task"/> or fails naming what was expected.</summary>
    public static async Task Within(this Task task, string expected, int seconds = 10)
    {
        var finished = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(seconds)));
        Assert.True(finished == task, $"Expected {expected} within {seconds} s; it did not happen.");
        await task;
    }

    public static async Task<T> Within<T>(this Task<T> task, string expected, int seconds = 10)
    {
        await ((Task)task).Within(expected, seconds);
        return await task;
    }

    /// <summary>Awaits <paramref name="condition"/> becoming true, or fails naming what was expected.</summary>
    public static async Task Eventually(Func<bool> condition, string expected, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Expected {expected} within {seconds} s; it did not happen.");
            await Task.Delay(5);
        }
    }
}
