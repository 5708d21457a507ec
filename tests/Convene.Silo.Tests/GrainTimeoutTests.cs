using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Convene.Silo.Tests;

/// <summary>A grain that answers only when told to.</summary>
public interface ISlowGrain : IGrainWithIntegerKey
{
    /// <summary>Answers after <paramref name="delay"/>.</summary>
    Task WaitAsync(TimeSpan delay);
}

/// <summary>See <see cref="ISlowGrain"/>.</summary>
public sealed class SlowGrain : Grain, ISlowGrain
{
    /// <inheritdoc />
    public Task WaitAsync(TimeSpan delay) => Task.Delay(delay);
}

/// <summary>A call that takes longer than the response timeout reaches its caller as an error naming the grain and method.</summary>
public sealed class GrainTimeoutTests
{
    [Fact]
    public async Task A_grain_call_past_the_response_timeout_fails_naming_the_grain_interface_and_method()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMilliseconds(500)));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var slow = cluster.Client.GetGrain<ISlowGrain>(1);
            await slow.WaitAsync(TimeSpan.Zero); // activated: the next call's time is the call's own

            var error = await Assert.ThrowsAsync<TimeoutException>(() => slow.WaitAsync(TimeSpan.FromSeconds(5)));

            Assert.Contains(nameof(ISlowGrain), error.Message);
            Assert.Contains(nameof(ISlowGrain.WaitAsync), error.Message);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
