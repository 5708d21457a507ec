using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Rooms;
using Convene.Grains.Streams;
using Convene.Grains.Tests.Grains;

namespace Convene.Grains.Tests.Rooms;

/// <summary>A 2-silo cluster whose gateways refresh every 200 ms and expire after 3 s.</summary>
public sealed class ShortRegistrationFixture : ClusterFixture
{
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromMilliseconds(200);

    // Several refreshes may be late on a loaded 2-core machine before a live gateway would count as lost.
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(3);

    protected override Action<GatewayRegistrationOptions>? Gateways => o =>
    {
        o.RefreshPeriod = RefreshPeriod;
        o.Expiry = Expiry;
    };
}

/// <summary>Plays a gateway's periodic refresh of its registration with one room, as the real gateway does.</summary>
internal sealed class Refresher : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<bool> _results = [];
    private readonly Task _loop;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Refresher(IRoomGrain room, TestGateway gateway, params string[] addresses)
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(ShortRegistrationFixture.RefreshPeriod);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var known = await gateway.RefreshAsync(room, addresses);
                TaskCompletionSource progress;
                lock (_results)
                {
                    _results.Add(known);
                    progress = _progress;
                    _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                progress.TrySetResult();
            }
        });
    }

    /// <summary>Waits until <paramref name="count"/> refreshes were made; returns what each answered.</summary>
    public async Task<bool[]> WaitForAsync(int count)
    {
        using var timeout = new CancellationTokenSource(ShortRegistrationFixture.RefreshPeriod * count * 5 + TimeSpan.FromSeconds(5));
        while (true)
        {
            Task next;
            lock (_results)
            {
                if (_results.Count >= count)
                {
                    return [.. _results];
                }
                next = _progress.Task;
            }
            if (_loop.IsCompleted)
            {
                await _loop; // surfaces a failed refresh
            }
            await next.WaitAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}

/// <summary>
/// Orleans observers are not durable: gateways re-register with <see cref="IRoomGrain.RefreshAsync"/>, a gateway
/// that stops is dropped with its connections, and a reactivated room is rebuilt from the refreshes.
/// </summary>
public sealed class ObserverExpiryTests(ShortRegistrationFixture fixture) : IClassFixture<ShortRegistrationFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task A_gateway_that_stops_refreshing_is_dropped_its_streams_end_and_it_gets_no_more_events()
    {
        var (gid, _) = await _grains.NewGroupAsync(new GroupChange { Flags = GroupFlags.LoopBack, Members = new MemberChange(["a", "b"]) });
        var room = _grains.Room(gid);
        var lost = new TestGateway(fixture.Client, "gw-lost");
        var kept = new TestGateway(fixture.Client, "gw-kept");
        await lost.JoinAsync(room, "a");
        await kept.JoinAsync(room, "b");
        await using var refresher = new Refresher(room, kept, "b");
        Assert.Equal(GroupStatus.Ok, (await room.PublishAsync(lost.Caller("a"), new StreamInfo(gid, "a", 0, "cam", StreamSource.Camera, true, true), null)).Status);
        Assert.Equal(GroupStatus.Ok, (await room.SubscribeAsync(kept.Caller("b"), "a", 0, true, true, null)).Status);
        // Everything sent to the lost gateway before it stops: its publisher event and b subscribing.
        await lost.Events.NextAsync<PublisherEvent>("a's stream for a", e => e.Active);
        await lost.Events.NextAsync<StreamEvent>("b subscribing to a", e => e.Kind == StreamEventKind.Subscriber);
        lost.Events.Pending();

        var hangup = await kept.Events.NextAsync<StreamEvent>(
            "OnHangup of a's stream once gw-lost expired", e => e.Kind == StreamEventKind.Hangup, ShortRegistrationFixture.Expiry * 10);

        Assert.Equal(["b"], hangup.Recipients);
        Assert.Equal("a", hangup.Stream.Address);
        Assert.Equal("disconnected", hangup.Reason);
        await kept.Events.NextAsync<PublisherEvent>("a's stream ending for b", e => !e.Active && e.Stream.Address == "a");
        var status = await room.GetStatusAsync();
        Assert.Equal((1, 1, 1, 0, 0), (status.Gateways, status.Connections, status.Online, status.Streams, status.Subscriptions));

        var sent = await room.SendMessageAsync(Actor.User("b"), new OutgoingMessage(0, "after the expiry"));
        Assert.Equal(1, sent.Delivered); // b's own copy (loop-back): a is no longer online
        await kept.Events.NextAsync<GroupMessageEvent>("b's loop-back copy", e => e.Message.Body == "after the expiry");
        Assert.Empty(lost.Events.Pending());
    }

    [Fact]
    public async Task A_gateway_that_keeps_refreshing_keeps_getting_events()
    {
        var (gid, _) = await _grains.NewGroupAsync(new GroupChange { Members = new MemberChange(["a", "b"]) });
        var room = _grains.Room(gid);
        var gateway = new TestGateway(fixture.Client, "gw");
        await gateway.JoinAsync(room, "b");
        await using var refresher = new Refresher(room, gateway, "b");

        // Three times the expiry.
        var refreshes = (int)(ShortRegistrationFixture.Expiry * 3 / ShortRegistrationFixture.RefreshPeriod);
        var known = await refresher.WaitForAsync(refreshes);

        Assert.All(known, Assert.True);
        await room.SendMessageAsync(Actor.User("a"), new OutgoingMessage(0, "still registered"));
        var e = await gateway.Events.NextAsync<GroupMessageEvent>("the message for b", m => m.Message.Body == "still registered");
        Assert.Equal(["b"], e.Recipients);
        var status = await room.GetStatusAsync();
        Assert.Equal((1, 1), (status.Gateways, status.Connections));
    }

    [Fact]
    public async Task A_room_deactivated_with_people_in_the_call_tells_their_gateway_to_move_them_and_is_rebuilt_from_the_refreshes()
    {
        var (gid, _) = await _grains.NewGroupAsync(new GroupChange { Members = new MemberChange(["a", "b"]) });
        var room = _grains.Room(gid);
        var gateway = new TestGateway(fixture.Client, "gw");
        await gateway.JoinAsync(room, "b");
        Assert.True(await gateway.RefreshAsync(room, "b"));

        await fixture.Cluster.DeactivateAsync(room);

        // It left with someone in the call: the gateway is told to move its clients (they rejoin elsewhere).
        Assert.Equal(gid, (await gateway.Events.NextAsync<RoomMoved>("OnMoved from the deactivating room")).Gid);
        Assert.Equal(0, (await room.GetStatusAsync()).Connections); // a new activation, knowing nobody
        Assert.False(await gateway.RefreshAsync(room, "b"), "the reactivated room claimed to know the gateway");
        var status = await room.GetStatusAsync();
        Assert.Equal((1, 1, 1), (status.Gateways, status.Connections, status.Online));
        var sent = await room.SendMessageAsync(Actor.User("a"), new OutgoingMessage(0, "after reactivation"));
        Assert.Equal(1, sent.Delivered);
        var e = await gateway.Events.NextAsync<GroupMessageEvent>("the message for b after the room was rebuilt", m => m.Message.Body == "after reactivation");
        Assert.Equal(["b"], e.Recipients);
        Assert.True(await gateway.RefreshAsync(room, "b"));
    }
}
