using Convene.Client.Conference;
using Convene.Client.Server;

namespace Convene.Client.Tests;

/// <summary>
/// A program using only Convene.Client against a real silo: creates a room, adds users, connects two of them,
/// chats and sees publisher, subscriber, mute and hang-up events. Publishing is signalling only (no SDP offer:
/// a WebRTC offer needs a media stack, which .NET programs using this SDK do not have).
/// </summary>
public sealed class ConferenceTests(SiloFixture fixture) : SiloUserTests(fixture), IClassFixture<SiloFixture>
{
    private async Task<long> RoomAsync(params TestUser[] members)
    {
        var gid = await Server.CreateGroupAsync(new GroupSettings { Name = "Room" });
        await Server.AddMembersAsync(gid, members.Select(m => m.Address));
        return gid;
    }

    [Fact]
    public async Task Two_users_join_a_room_chat_and_see_each_others_streams()
    {
        var alice = await UserAsync("alice");
        var bob = await UserAsync("bob");
        var gid = await RoomAsync(alice, bob);

        var me = await alice.Client.HelloAsync();
        Assert.Equal(alice.Address, me.Address);
        Assert.Equal($"Name of {alice.Address}", me.Name);

        var aliceJoin = await alice.Client.JoinGroupAsync(gid);
        Assert.Equal(gid, aliceJoin.Gid);
        Assert.Equal("Room", aliceJoin.Name);
        Assert.True(aliceJoin.CanPublish && aliceJoin.CanSubscribe && aliceJoin.CanSend && aliceJoin.CanList);
        Assert.Empty(aliceJoin.Publishers);
        await bob.Client.JoinGroupAsync(gid);
        Assert.Equal([gid], alice.Client.JoinedGroups);

        // Publish (signalling only): both members get OnPublisher, and the stream is listed.
        var published = await alice.Client.PublishAsync(gid, new PublishRequest(0, "camera", "Alice's camera", Audio: true, Video: true));
        Assert.Null(published.Sdp);
        Assert.Equal(alice.Address, published.Participant.Address);
        var seen = await bob.Publishers.WaitAsync(p => p.Joined && p.Participant.Address == alice.Address, "bob to see alice's stream published");
        Assert.Equal("Alice's camera", seen.Participant.Name);
        Assert.Equal(gid, seen.Participant.Gid);
        await alice.Publishers.WaitAsync(p => p.Joined && p.Participant.Address == alice.Address, "alice to see her own stream");
        var listed = Assert.Single(await bob.Client.ListPublishersAsync(gid));
        Assert.Equal((alice.Address, 0, "camera"), (listed.Address, listed.StreamId, listed.Source));

        // Subscribe (signalling only): the publisher hears of it; mute and hang-up reach the subscriber.
        await bob.Client.SubscribeAsync(gid, new SubscribeRequest(alice.Address, 0, Audio: true, Video: true));
        await alice.Subscribers.WaitAsync(s => s.Joined && s.Subscriber.Address == bob.Address && s.Subscriber.StreamId == 0, "alice to see bob subscribe");
        var muted = await alice.Client.SetMuteAsync(gid, 0, audioMuted: true, videoMuted: false);
        Assert.True(muted.AudioMuted);
        await bob.Mutes.WaitAsync(p => p.Address == alice.Address && p.AudioMuted && !p.VideoMuted, "bob to see alice's audio muted");
        await alice.Client.UnpublishAsync(gid, 0);
        await bob.Hangups.WaitAsync(h => h.Participant.Address == alice.Address, "bob to get a hang-up for alice's stream");
        await bob.Publishers.WaitAsync(p => !p.Joined && p.Participant.Address == alice.Address, "bob to see alice's stream end");

        // Group chat, and its history.
        var id = await alice.Client.SendGroupMessageAsync(gid, "hello bob");
        var message = await bob.Messages.WaitAsync(m => m.Id == id, "bob to get alice's group message");
        Assert.Equal((gid, alice.Address, "hello bob", 0), (message.Gid, message.From, message.Text, message.Type));
        await bob.Client.SendGroupMessageAsync(gid, "typed", type: 3);
        await alice.Messages.WaitAsync(m => m.Text == "typed" && m.Type == 3, "alice to get bob's message of type 3");
        var history = await bob.Client.GetHistoryAsync(gid, count: 10);
        Assert.Equal(["typed", "hello bob"], history.Select(m => m.Text));
        var older = await bob.Client.GetHistoryAsync(gid, beforeId: history[0].Id, count: 10);
        Assert.Equal(["hello bob"], older.Select(m => m.Text));

        // Leaving: the group is forgotten and the server refuses calls that need it.
        await bob.Client.LeaveGroupAsync(gid);
        Assert.Empty(bob.Client.JoinedGroups);
        var notJoined = await Assert.ThrowsAsync<ConferenceHubException>(() => bob.Client.PublishAsync(gid, new PublishRequest(0, null, null, true, false)));
        Assert.Equal(HubErrorCodes.BadRequest, notJoined.Code);
    }

    [Fact]
    public async Task One_to_one_messages_arrive_and_are_stored()
    {
        var alice = await UserAsync("alice");
        var bob = await UserAsync("bob");

        var id = await alice.Client.SendMessageAsync(bob.Address, "just for you");

        var message = await bob.Messages.WaitAsync(m => m.Id == id, "bob to get alice's one-to-one message");
        Assert.Equal((0L, alice.Address, bob.Address, "just for you"), (message.Gid, message.From, message.To, message.Text));
        var history = await bob.Client.GetDirectHistoryAsync(alice.Address);
        Assert.Equal(id, Assert.Single(history).Id);
    }

    [Fact]
    public async Task Hub_errors_are_exceptions_with_their_codes()
    {
        var alice = await UserAsync("alice");
        var outsider = await UserAsync("outsider");
        var gid = await RoomAsync(alice);

        var forbidden = await Assert.ThrowsAsync<ConferenceHubException>(() => outsider.Client.JoinGroupAsync(gid));
        Assert.Equal(HubErrorCodes.Forbidden, forbidden.Code);
        Assert.Equal("JoinGroup", forbidden.Method);
        Assert.Empty(outsider.Client.JoinedGroups);

        var badGid = await Assert.ThrowsAsync<ConferenceHubException>(() => alice.Client.JoinGroupAsync(-1));
        Assert.Equal(HubErrorCodes.BadRequest, badGid.Code);
        Assert.Contains("gid", badGid.Error, StringComparison.Ordinal);

        var noGroup = await Assert.ThrowsAsync<ConferenceHubException>(() => alice.Client.JoinGroupAsync(long.MaxValue - 11));
        Assert.Equal(HubErrorCodes.NotFound, noGroup.Code);

        var noUser = await Assert.ThrowsAsync<ConferenceHubException>(() => alice.Client.SendMessageAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], "hi"));
        Assert.Equal(HubErrorCodes.NotFound, noUser.Code);

        var empty = await Assert.ThrowsAsync<ConferenceHubException>(() => alice.Client.SendMessageAsync(outsider.Address, ""));
        Assert.Equal(HubErrorCodes.BadRequest, empty.Code);
    }

    [Fact]
    public async Task A_one_to_one_call_rings_is_answered_muted_and_hung_up()
    {
        var alice = await UserAsync("alice");
        var bob = await UserAsync("bob");

        var call = await alice.Client.CallAsync(bob.Address, new CallRequest(Video: false, PublicKey: "alice-key"));
        Assert.Equal(("ringing", alice.Address, bob.Address, false), (call.State, call.Caller, call.Callee, call.Video));
        var incoming = await bob.Calls.WaitAsync(e => e.Kind == "incoming" && e.Call.Id == call.Id, "bob to get the incoming call");
        Assert.Equal("alice-key", incoming.PublicKey);
        Assert.Equal($"Name of {alice.Address}", incoming.Call.CallerName);
        Assert.Equal(call.Id, (await bob.Client.GetActiveCallAsync())?.Id);

        var answered = await bob.Client.AnswerCallAsync(call.Id, "bob-key");
        Assert.Equal("answered", answered.State);
        var status = await alice.Calls.WaitAsync(e => e.Kind == "status" && e.Call.State == "answered", "alice to hear the call was answered");
        Assert.Equal("bob-key", status.PublicKey);

        await bob.Client.MuteCallAsync(call.Id, audioMuted: true, videoMuted: false);
        await alice.Calls.WaitAsync(e => e.Kind == "mute" && e.AudioMuted && !e.VideoMuted, "alice to see bob's audio muted");

        var notTheCallee = await Assert.ThrowsAsync<ConferenceHubException>(() => alice.Client.AnswerCallAsync(call.Id));
        Assert.NotNull(notTheCallee.Code); // the caller cannot answer its own call

        var ended = await alice.Client.HangupCallAsync(call.Id);
        Assert.Equal("hangup", ended.State);
        await bob.Calls.WaitAsync(e => e.Kind == "hangup" && e.Call.Id == call.Id, "bob to get the hang-up");
        Assert.Null(await alice.Client.GetActiveCallAsync());
    }
}
