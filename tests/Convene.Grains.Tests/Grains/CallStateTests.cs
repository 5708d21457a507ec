using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Rooms;
using Convene.Grains.Streams;

namespace Convene.Grains.Tests.Grains;

/// <summary>Live call state in the room: streams (mute, talking, subscribers) and cleanup when a connection goes.</summary>
public sealed class CallStateTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private async Task<(long Gid, IRoomGrain Room, TestGateway Gateway)> ConferenceAsync(params string[] members)
    {
        var (gid, _) = await _grains.NewGroupAsync(new GroupChange { Members = new MemberChange(members) });
        var room = _grains.Room(gid);
        var gateway = new TestGateway(fixture.Client, "gw");
        foreach (var member in members)
        {
            await gateway.JoinAsync(room, member);
        }
        return (gid, room, gateway);
    }

    [Fact]
    public async Task Mute_talking_and_hangup_go_to_the_subscribers_and_subscribing_to_the_publisher()
    {
        var (gid, room, gw) = await ConferenceAsync("pub", "sub", "other");
        var published = await room.PublishAsync(gw.Caller("pub"), new StreamInfo(gid, "pub", 0, "cam", StreamSource.Camera, true, true), null);
        Assert.Equal(GroupStatus.Ok, published.Status);

        var subscribed = await room.SubscribeAsync(gw.Caller("sub"), "pub", 0, true, false, null);
        Assert.Equal(GroupStatus.Ok, subscribed.Status);
        var joined = await gw.Events.NextAsync<StreamEvent>("OnSubscriber for the publisher", e => e.Kind == StreamEventKind.Subscriber);
        Assert.Equal(["pub"], joined.Recipients);
        Assert.Equal(new SubscriberInfo("sub", true, false), joined.Subscriber);

        await room.SetMuteAsync(gw.Caller("pub"), 0, true, false);
        var mute = await gw.Events.NextAsync<StreamEvent>("OnMute for the subscriber", e => e.Kind == StreamEventKind.Mute);
        Assert.Equal(["sub"], mute.Recipients);
        Assert.True(mute.Stream.AudioMuted);

        await room.OnTalkingAsync(StreamKeys.Of(gid, "pub", 0), true);
        var talking = await gw.Events.NextAsync<StreamEvent>("OnTalking for the subscriber", e => e.Kind == StreamEventKind.Talking);
        Assert.Equal(["sub"], talking.Recipients);
        Assert.True(talking.Flag);

        await room.UnpublishAsync(gw.Caller("pub"), 0);
        var hangup = await gw.Events.NextAsync<StreamEvent>("OnHangup for the subscriber", e => e.Kind == StreamEventKind.Hangup);
        Assert.Equal(["sub"], hangup.Recipients);
        Assert.Equal("hangup", hangup.Reason);
        Assert.Empty((await room.GetPublishersAsync(Actor.Backend)).Value!);
        var status = await room.GetStatusAsync();
        Assert.Equal(0, status.Streams);
        Assert.Equal(0, status.Subscriptions);
    }

    [Fact]
    public async Task Subscribing_needs_the_permission_and_a_published_stream()
    {
        var (gid, room, gw) = await ConferenceAsync("pub", "sub");
        var notPublished = await room.SubscribeAsync(gw.Caller("sub"), "pub", 0, true, true, null);
        Assert.Equal(GroupStatus.NotFound, notPublished.Status);

        await room.PublishAsync(gw.Caller("pub"), new StreamInfo(gid, "pub", 0, "cam", StreamSource.Camera, true, true), null);
        var outsider = await room.SubscribeAsync(gw.Caller("outsider"), "pub", 0, true, true, null);
        Assert.Equal(GroupStatus.Forbidden, outsider.Status);
        Assert.Equal(0, (await room.GetStatusAsync()).Subscriptions);

        var withOffer = await room.PublishAsync(gw.Caller("pub"), new StreamInfo(gid, "pub", 1, "screen", StreamSource.Screen, false, true), "not an offer");
        Assert.Equal(GroupStatus.Invalid, withOffer.Status);
        Assert.StartsWith("sdp:", withOffer.Error);
    }

    [Fact]
    public async Task A_connection_leaving_ends_its_streams_and_subscriptions_but_not_another_connections()
    {
        var (gid, _) = await _grains.NewGroupAsync(new GroupChange { Members = new MemberChange(["alice", "bob"]) });
        var room = _grains.Room(gid);
        var gw = new TestGateway(fixture.Client, "gw");
        await gw.JoinAsync(room, "alice", "phone");
        await gw.JoinAsync(room, "alice", "laptop");
        await gw.JoinAsync(room, "bob", "bob-1");
        await room.PublishAsync(gw.Caller("alice", "phone"), new StreamInfo(gid, "alice", 0, "cam", StreamSource.Camera, true, true), null);
        await room.PublishAsync(gw.Caller("alice", "laptop"), new StreamInfo(gid, "alice", 1, "screen", StreamSource.Screen, false, true), null);
        Assert.Equal(GroupStatus.Ok, (await room.SubscribeAsync(gw.Caller("bob", "bob-1"), "alice", 0, true, true, null)).Status);

        await room.LeaveAsync("gw", "phone", "disconnected");

        var hangup = await gw.Events.NextAsync<StreamEvent>("OnHangup of alice's camera", e => e.Kind == StreamEventKind.Hangup);
        Assert.Equal(0, hangup.Stream.StreamId);
        Assert.Equal("disconnected", hangup.Reason);
        var publishers = (await room.GetPublishersAsync(Actor.User("bob"))).Value!;
        Assert.Equal([1], publishers.Select(p => p.StreamId));
        var afterPhone = await room.GetStatusAsync();
        Assert.Equal(2, afterPhone.Connections); // alice's laptop and bob
        Assert.Equal(2, afterPhone.Online);

        await room.LeaveAsync("gw", "bob-1", "left");
        var afterBob = await room.GetStatusAsync();
        Assert.Equal(0, afterBob.Subscriptions);
        Assert.Equal(1, afterBob.Connections);
        Assert.Equal(1, afterBob.Online);
    }
}
