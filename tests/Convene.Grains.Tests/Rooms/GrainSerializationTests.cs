using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Rooms;
using Convene.Grains.Streams;
using Convene.Grains.Tests.Grains;
using Convene.Grains.Users;

namespace Convene.Grains.Tests.Rooms;

/// <summary>
/// Every grain interface method once, with values in every field that crosses a call, so that a type crossing a
/// call without [GenerateSerializer] (or with a broken one) fails here: calls from the test client are always
/// serialized, the group record and the room are placed on different silos so the calls between them are too,
/// and the other grains land on either silo. The observer events come back over the wire to the client.
/// </summary>
public sealed class GrainSerializationTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Every_grain_method_and_observer_event_crosses_the_wire()
    {
        var cluster = fixture.Cluster;
        var gw = new TestGateway(fixture.Client, "gw-ser");

        // Group record and room, on different silos.
        var (gid, group, room) = await cluster.NewGroupApartAsync(cluster.Silos[1].SiloAddress, new GroupChange
        {
            Name = "serialized",
            Flags = GroupFlags.SelectedCanPublish | GroupFlags.LoopBack,
            Active = true,
            Permissions = new PermissionsChange(Sub: Audience.Anyone, List: Audience.Members),
            Validity = new ValidityChange(Duration: 3600, ExpiryExt: 600),
            Call = new CallChange(Resolution: 2, MaxDuration: 600, Audio: true, Video: true, ScreenSharing: true, Bitrate: 500),
            Members = new MemberChange(["ser-a", "ser-b"], Permissions: new MemberPermissionsChange(Pub: true), Admin: new AdminChange(Modify: true)),
        });
        Assert.True((await group.UpdateAsync(Actor.Backend, new GroupChange { MessageType = 7, Permissions = new PermissionsChange(Send: Audience.Selected) })).IsOk);
        Assert.True((await group.EditMembersAsync(Actor.Backend, new MemberChange(["ser-b"], Permissions: new MemberPermissionsChange(Send: false), MessageType: 7))).IsOk);
        var info = (await group.GetAsync(Actor.Backend)).Value!;
        Assert.Equal(("serialized", 2, 500), (info.Settings.Name, info.Settings.Call.Resolution, info.Settings.Call.Bitrate));
        var members = (await group.GetMembersAsync(Actor.Backend, 0, 10)).Value!;
        Assert.Equal(["ser-a", "ser-b"], members.Members.Select(m => m.Address));
        var check = (await group.CheckAsync(Actor.User("ser-b"), Operation.SendMessage, 7)).Value!;
        Assert.False(check.Allowed);
        Assert.True((await group.GetAccessAsync("ser-a")).Value!.IsMember);
        var snapshot = await group.GetSnapshotAsync();
        Assert.Equal(2, snapshot.Members.Length);
        await group.ExtendExpiryAsync(DateTimeOffset.UtcNow);

        // The room: every call, and every observer event.
        var joinA = await gw.JoinAsync(room, "ser-a");
        Assert.Equal("serialized", joinA.Settings!.Name);
        await gw.JoinAsync(room, "ser-b");
        Assert.True(await gw.RefreshAsync(room, "ser-a", "ser-b"));
        var published = await room.PublishAsync(gw.Caller("ser-a"), new StreamInfo(gid, "ser-a", 3, "cam", StreamSource.Camera, true, true), null);
        Assert.Equal(new StreamInfo(gid, "ser-a", 3, "cam", StreamSource.Camera, true, true), published.Stream);
        await gw.Events.NextAsync<PublisherEvent>("OnPublisher", e => e.Active && e.Stream.StreamId == "3");
        Assert.Equal([3], (await room.GetPublishersAsync(Actor.User("ser-b"))).Value!.Select(s => s.StreamId));
        Assert.Equal(GroupStatus.Ok, (await room.SubscribeAsync(gw.Caller("ser-b"), "ser-a", 3, true, false, null)).Status);
        await gw.Events.NextAsync<StreamEvent>("OnSubscriber", e => e.Kind == StreamEventKind.Subscriber && e.Subscriber == new SubscriberInfo("ser-b", true, false));
        Assert.True((await room.SetMuteAsync(gw.Caller("ser-a"), 3, true, true)).Stream!.VideoMuted);
        await gw.Events.NextAsync<StreamEvent>("OnMute", e => e.Kind == StreamEventKind.Mute && e.Stream.AudioMuted);
        await room.OnTalkingAsync(StreamKeys.Of(gid, "ser-a", 3), true);
        await gw.Events.NextAsync<StreamEvent>("OnTalking", e => e.Kind == StreamEventKind.Talking && e.Flag);
        await room.OnMediaConnectedAsync("ser-b", StreamKeys.Of(gid, "ser-a", 3), true);
        await gw.Events.NextAsync<StreamEvent>("OnConnected", e => e.Kind == StreamEventKind.Connected && e.Recipients.SequenceEqual(["ser-b"]));
        await room.UnsubscribeAsync(gw.Caller("ser-b"), "ser-a", 3);
        await gw.Events.NextAsync<StreamEvent>("OnSubscriber(false)", e => e.Kind == StreamEventKind.Subscriber && !e.Flag);
        Assert.Equal(GroupStatus.Ok, (await room.SubscribeAsync(gw.Caller("ser-b"), "ser-a", 3, true, true, null)).Status);
        await room.UnpublishAsync(gw.Caller("ser-a"), 3);
        await gw.Events.NextAsync<StreamEvent>("OnHangup", e => e.Kind == StreamEventKind.Hangup && e.Reason == "hangup");
        var sent = await room.SendMessageAsync(Actor.User("ser-a"), new OutgoingMessage(1, "hello"));
        Assert.Equal("hello", sent.Message!.Body);
        var message = await gw.Events.NextAsync<GroupMessageEvent>("OnMessage", e => e.Message.Body == "hello");
        Assert.Equal(["ser-a", "ser-b"], message.Recipients.Order());
        var history = (await room.GetHistoryAsync(Actor.User("ser-a"), null, 10)).Value!;
        Assert.Equal(["hello"], history.Messages.Select(m => m.Body));
        await room.OnGroupChangedAsync(await group.GetSnapshotAsync(), ["ser-b"]);
        await gw.Events.NextAsync<MemberChangedEvent>("OnMemberChanged", e => e.Address == "ser-b" && e.Access.IsMember);
        var status = await room.GetStatusAsync();
        Assert.Equal((1, 2, 2), (status.Gateways, status.Connections, status.Online));
        Assert.False(string.IsNullOrEmpty(status.Silo));
        await room.LeaveAsync("gw-ser", gw.ConnectionOf("ser-b"), "left");

        // Chat history grains directly (another gid, so the group's own history is untouched).
        var chatGid = await _grains.GetGrain<IGroupIdAllocatorGrain>(IGroupIdAllocatorGrain.Key).NextAsync();
        var chat = _grains.GetGrain<IGroupChatGrain>(chatGid);
        var appended = await chat.AppendAsync("ser-a", new OutgoingMessage(2, "stored"), store: true, roundRobin: false);
        Assert.Equal((chatGid, "stored", true), (appended.Gid, appended.Body, appended.Stored));
        Assert.Equal([appended], (await chat.GetBeforeAsync(null, 10)).Select(m => m.Message));
        Assert.Equal(appended.Id, await chat.GetLastIdAsync());
        await _grains.GetGrain<IUserGrain>("ser-c").AddMembershipAsync(chatGid, 0);
        Assert.Equal(["stored"], (await chat.CatchUpAsync("ser-c")).Select(m => m.Message.Body));
        await chat.MarkSeenAsync("ser-c");
        await chat.ClearAsync();
        var page = _grains.GetGrain<IChatPageGrain>(0, "test/serialization");
        await page.AppendAsync(new StoredMessage(appended, RoundRobin: true));
        Assert.Equal([new StoredMessage(appended, true)], await page.GetAsync());
        await page.ClearAsync();

        // Users, tokens, one-to-one messages.
        var user = _grains.GetGrain<IUserGrain>("ser-u");
        var issued = await user.AddAsync(new UserProfile("U", TimeSpan.FromHours(1)));
        Assert.Equal(("ser-u", true), (issued.Address, issued.Created));
        Assert.Equal("U", (await user.GetAsync())!.Name);
        Assert.Empty(await user.ConnectAsync("gw-ser", gw.UserObserver));
        await _grains.GetGrain<IUserGrain>("ser-v").ConnectAsync("gw-ser", gw.UserObserver);
        var conversation = _grains.GetGrain<IConversationGrain>(ConversationKey.For("ser-u", "ser-v"));
        Assert.Equal(GroupStatus.Ok, (await conversation.SendAsync("ser-v", new OutgoingMessage(0, "direct"))).Status);
        await gw.Events.NextAsync<DirectMessageEvent>("OnDirectMessage", e => e.Recipient == "ser-u" && e.Message.Body == "direct");
        Assert.Equal(["direct"], (await conversation.GetHistoryAsync("ser-u", null, 10)).Value!.Messages.Select(m => m.Body));
        await user.DeliverAsync(appended with { Gid = 0, To = "ser-u", Body = "delivered" });
        await gw.Events.NextAsync<DirectMessageEvent>("OnDirectMessage from DeliverAsync", e => e.Message.Body == "delivered");
        await user.AddAsync(new UserProfile(null, null));
        await gw.Events.NextAsync<string>("OnAccessRevoked", a => a == "ser-u");
        await user.AddMembershipAsync(gid, 0);
        Assert.Equal([gid], await user.GetGroupsAsync());
        await user.SetSeenAsync(gid, 1);
        Assert.Equal(1, await user.GetSeenAsync(gid));
        await user.RemoveMembershipAsync(gid);
        await user.DisconnectAsync("gw-ser");
        var token = _grains.GetGrain<ITokenIndexGrain>("test-serialization-hash");
        await token.SetAsync("ser-u", DateTimeOffset.UtcNow.AddHours(1));
        Assert.Equal("ser-u", await token.ResolveAsync());
        await token.ClearAsync();
        Assert.False(string.IsNullOrEmpty(await _grains.GetGrain<IAppTokenGrain>(IAppTokenGrain.Key).EnsureAsync("candidate-hash")));
        Assert.True(await user.DeleteAsync());

        // Deleting the group: OnGroupDeleted.
        Assert.True((await group.DeleteAsync(Actor.Backend)).IsOk);
        await gw.Events.NextAsync<GroupDeletedEvent>("OnGroupDeleted", e => e.Gid == gid);
        await room.UnregisterAsync("gw-ser");
        Assert.Equal(0, (await room.GetStatusAsync()).Gateways);
    }
}
