using Convene.Grains.Groups;
using Convene.Grains.Streams;
using Convene.Grains.Tests.Grains;

namespace Convene.Grains.Tests.Rooms;

/// <summary>A gateway's refresh reports its connections; one it stops reporting leaves the call, but not at the first miss.</summary>
public sealed class RefreshTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_connection_missing_from_one_refresh_stays_and_leaves_when_the_next_misses_it_too()
    {
        var grains = fixture.Grains;
        var (gid, _) = await grains.NewGroupAsync(new GroupChange { Members = new MemberChange(["a", "b"]) });
        var room = grains.Room(gid);
        var gw = new TestGateway(fixture.Client, "gw-refresh");
        await gw.JoinAsync(room, "a");
        await gw.JoinAsync(room, "b");
        Assert.Equal(GroupStatus.Ok, (await room.PublishAsync(gw.Caller("b"), new StreamInfo(gid, "b", 0, "cam", StreamSource.Camera, true, true), null)).Status);
        Assert.Equal(GroupStatus.Ok, (await room.SubscribeAsync(gw.Caller("a"), "b", 0, true, true, null)).Status);

        // A refresh whose list was taken before b joined may arrive after the join: b stays.
        Assert.True(await gw.RefreshAsync(room, "a"));
        var status = await room.GetStatusAsync();
        Assert.Equal((2, 1), (status.Connections, status.Streams));

        // The next refresh misses b too: the gateway has lost it; its stream ends for its subscriber.
        Assert.True(await gw.RefreshAsync(room, "a"));
        var hangup = await gw.Events.NextAsync<StreamEvent>("OnHangup of b's stream for a", e => e.Kind == StreamEventKind.Hangup);
        Assert.Equal(("disconnected", "b"), (hangup.Reason, hangup.Stream.Address));
        status = await room.GetStatusAsync();
        Assert.Equal((1, 0), (status.Connections, status.Streams));
    }

    [Fact]
    public async Task A_gateway_that_unregisters_takes_its_connections_out_of_the_call_at_once()
    {
        var grains = fixture.Grains;
        var (gid, _) = await grains.NewGroupAsync(new GroupChange { Members = new MemberChange(["a", "b"]) });
        var room = grains.Room(gid);
        var stopping = new TestGateway(fixture.Client, "gw-stopping");
        var staying = new TestGateway(fixture.Client, "gw-staying");
        await stopping.JoinAsync(room, "b");
        await staying.JoinAsync(room, "a");
        Assert.Equal(GroupStatus.Ok, (await room.PublishAsync(stopping.Caller("b"), new StreamInfo(gid, "b", 0, "cam", StreamSource.Camera, true, true), null)).Status);
        Assert.Equal(GroupStatus.Ok, (await room.SubscribeAsync(staying.Caller("a"), "b", 0, true, true, null)).Status);

        await room.UnregisterAsync("gw-stopping");

        var hangup = await staying.Events.NextAsync<StreamEvent>("OnHangup of b's stream for a", e => e.Kind == StreamEventKind.Hangup);
        Assert.Equal("disconnected", hangup.Reason);
        var status = await room.GetStatusAsync();
        Assert.Equal((1, 1, 0), (status.Gateways, status.Connections, status.Streams));
    }
}
