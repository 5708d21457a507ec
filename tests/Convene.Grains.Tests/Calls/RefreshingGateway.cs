using Convene.Grains.Tests.Grains;
using Convene.Grains.Users;

namespace Convene.Grains.Tests.Calls;

/// <summary>
/// A gateway node that re-registers its users with their user grains every period, as <c>GatewayNode</c> does, until
/// <see cref="CrashAsync"/>: then it falls silent without unregistering anything, as a killed gateway process does.
/// </summary>
public sealed class RefreshingGateway : IAsyncDisposable
{
    private readonly IGrainFactory _grains;
    private readonly string[] _addresses;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private RefreshingGateway(IClusterClient client, string id, string[] addresses)
    {
        _grains = client;
        _addresses = addresses;
        Gateway = new TestGateway(client, id);
    }

    public TestGateway Gateway { get; }

    public string Id => Gateway.Id;

    /// <summary>When the last refresh was sent (before the call: the user grain's own stamp is no earlier).</summary>
    public DateTimeOffset LastRefresh { get; private set; }

    /// <summary>Registers <paramref name="addresses"/> at a new gateway <paramref name="id"/> and keeps refreshing them every <paramref name="period"/>.</summary>
    public static async Task<RefreshingGateway> StartAsync(IClusterClient client, string id, TimeSpan period, params string[] addresses)
    {
        var gateway = new RefreshingGateway(client, id, addresses);
        await gateway.RefreshAsync();
        gateway._loop = gateway.LoopAsync(period, gateway._stop.Token);
        return gateway;
    }

    /// <summary>Stops refreshing, without a word to the grains; returns when the last refresh was sent.</summary>
    public async Task<DateTimeOffset> CrashAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return LastRefresh;
    }

    private async Task RefreshAsync()
    {
        LastRefresh = DateTimeOffset.UtcNow;
        foreach (var address in _addresses)
        {
            await _grains.GetGrain<IUserGrain>(address).ConnectAsync(Id, Gateway.UserObserver);
        }
    }

    private async Task LoopAsync(TimeSpan period, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await RefreshAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CrashAsync();
        _stop.Dispose();
    }
}
