using Convene.Actors;
using Convene.Grains.Groups;
using Convene.Grains.Participants;
using Convene.Grains.Permissions;
using Convene.Grains.Streams;

namespace Convene.Grains.Tests.Grains;

/// <summary>Live call state: stream grains (mute, talking, subscribers) and participant grains (cleanup when a connection goes).</summary>
public sealed class CallStateTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private async Task<(long Gid, IGroupGrain Group, TestGroupObserver Gateway, GatewayRef Ref)> ConferenceAsync(params string[] members)
    {
        var (gid, group) = await _grains.NewGroupAsync(new GroupChange { Members = new MemberChange(members) });
        var gateway = new TestGroupObserver();
        var reference = new GatewayRef("gw", _grains.CreateObjectReference<IGroupObserver>(gateway));
        await group.SubscribeAsync("gw", reference.Observer);
        foreach (var member in members) await group.ConnectAsync("gw", member);
        return (gid, group, gateway, reference);
    }

    [Fact]
    public async Task Mute_talking_and_hangup_go_to_the_subscribers_and_subscribing_to_the_publisher()
    {
        var (gid, group, gateway, gw) = await ConferenceAsync("pub", "sub", "other");
        var published = await group.PublishStreamAsync(new StreamInfo(gid, "pub", 0, "cam", StreamSource.Camera, true, true), null, gw);
        Assert.Equal(GroupStatus.Ok, published.Status);

        var subscribed = await group.SubscribeStreamAsync("sub", "pub", 0, true, false, null, gw);
        Assert.Equal(GroupStatus.Ok, subscribed.Status);
        var joined = await gateway.NextAsync<StreamEvent>("OnSubscriber for the publisher", e => e.Kind == StreamEventKind.Subscriber);
        Assert.Equal(["pub"], joined.Recipients);
        Assert.Equal(new SubscriberInfo("sub", true, false), joined.Subscriber);

        await group.SetStreamMuteAsync("pub", 0, true, false);
        var mute = await gateway.NextAsync<StreamEvent>("OnMute for the subscriber", e => e.Kind == StreamEventKind.Mute);
        Assert.Equal(["sub"], mute.Recipients);
        Assert.True(mute.Stream.AudioMuted);

        await _grains.GetGrain<IStreamGrain>(StreamKeys.Of(gid, "pub", 0)).SetTalkingAsync(true);
        var talking = await gateway.NextAsync<StreamEvent>("OnTalking for the subscriber", e => e.Kind == StreamEventKind.Talking);
        Assert.Equal(["sub"], talking.Recipients);
        Assert.True(talking.Flag);

        await group.EndStreamAsync("pub", 0, "hangup");
        var hangup = await gateway.NextAsync<StreamEvent>("OnHangup for the subscriber", e => e.Kind == StreamEventKind.Hangup);
        Assert.Equal(["sub"], hangup.Recipients);
        Assert.Equal("hangup", hangup.Reason);
        Assert.Null(await _grains.GetGrain<IStreamGrain>(StreamKeys.Of(gid, "pub", 0)).GetAsync());
    }

    [Fact]
    public async Task Subscribing_needs_the_permission_and_a_published_stream()
    {
        var (gid, group, _, gw) = await ConferenceAsync("pub", "sub");
        var notPublished = await group.SubscribeStreamAsync("sub", "pub", 0, true, true, null, gw);
        Assert.Equal(GroupStatus.NotFound, notPublished.Status);

        await group.PublishStreamAsync(new StreamInfo(gid, "pub", 0, "cam", StreamSource.Camera, true, true), null, gw);
        var outsider = await group.SubscribeStreamAsync("outsider", "pub", 0, true, true, null, gw);
        Assert.Equal(GroupStatus.Forbidden, outsider.Status);
        Assert.Empty(await _grains.GetGrain<IStreamGrain>(StreamKeys.Of(gid, "pub", 0)).GetSubscribersAsync());

        var withOffer = await group.PublishStreamAsync(new StreamInfo(gid, "pub", 1, "screen", StreamSource.Screen, false, true), "not an offer", gw);
        Assert.Equal(GroupStatus.Invalid, withOffer.Status);
        Assert.StartsWith("sdp:", withOffer.Error);
    }

    [Fact]
    public async Task A_connection_leaving_ends_its_streams_and_subscriptions_but_not_another_connections()
    {
        var (gid, group, gateway, gw) = await ConferenceAsync("alice", "bob");
        var alice = _grains.GetGrain<IParticipantGrain>(StreamKeys.Participant(gid, "alice"));
        var bob = _grains.GetGrain<IParticipantGrain>(StreamKeys.Participant(gid, "bob"));
        await alice.JoinAsync("phone", gw);
        await alice.JoinAsync("laptop", gw);
        await bob.JoinAsync("bob-1", gw);
        await group.PublishStreamAsync(new StreamInfo(gid, "alice", 0, "cam", StreamSource.Camera, true, true), null, gw);
        await alice.AddPublishedAsync("phone", 0);
        await group.PublishStreamAsync(new StreamInfo(gid, "alice", 1, "screen", StreamSource.Screen, false, true), null, gw);
        await alice.AddPublishedAsync("laptop", 1);
        await group.SubscribeStreamAsync("bob", "alice", 0, true, true, null, gw);
        await bob.AddSubscriptionAsync("bob-1", StreamKeys.Of(gid, "alice", 0));

        Assert.Equal(1, await alice.LeaveAsync("phone", "disconnected"));

        var hangup = await gateway.NextAsync<StreamEvent>("OnHangup of alice's camera", e => e.Kind == StreamEventKind.Hangup);
        Assert.Equal(0, hangup.Stream.StreamId);
        Assert.Equal("disconnected", hangup.Reason);
        var publishers = (await group.GetPublishersAsync(Actor.User("bob"))).Value!;
        Assert.Equal(["1"], publishers.Select(p => p.StreamId));

        Assert.Equal(0, await bob.LeaveAsync("bob-1", "left"));
        Assert.Empty(await _grains.GetGrain<IStreamGrain>(StreamKeys.Of(gid, "alice", 1)).GetSubscribersAsync());
        Assert.False(await bob.HasJoinedAsync("bob-1"));
    }
}
