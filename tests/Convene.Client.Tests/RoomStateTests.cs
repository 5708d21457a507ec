using Convene.Client.Conference;
using Convene.Client.Server;

namespace Convene.Client.Tests;

/// <summary>
/// What a <see cref="ConferenceClient.ResyncNeeded"/> consumer re-reads, against a real silo: the raised hands (their
/// events, the join's list and <see cref="ConferenceClient.GetRaisedHandsAsync"/>) and the publishers with their mute
/// state, a moderator's mute of your own stream included.
/// </summary>
public sealed class RoomStateTests(SiloFixture fixture) : SiloUserTests(fixture), IClassFixture<SiloFixture>
{
    [Fact]
    public async Task Raised_hands_come_as_events_and_can_be_read_again()
    {
        var alice = await UserAsync("alice");
        var bob = await UserAsync("bob");
        var carol = await UserAsync("carol");
        var outsider = await UserAsync("outsider");
        var gid = await Server.CreateGroupAsync(new GroupSettings { Name = "Hands" });
        await Server.AddMembersAsync(gid, [alice.Address, bob.Address, carol.Address]);
        await alice.Client.JoinGroupAsync(gid);
        await bob.Client.JoinGroupAsync(gid);

        await bob.Client.RaiseHandAsync(gid);
        await alice.Hands.WaitAsync(h => h.Gid == gid && h.Address == bob.Address && h.Raised, "alice to see bob's hand go up");
        Assert.Equal([bob.Address], await alice.Client.GetRaisedHandsAsync(gid));
        var late = await carol.Client.JoinGroupAsync(gid);
        Assert.Equal([bob.Address], late.RaisedHands);

        await bob.Client.RaiseHandAsync(gid, raised: false);
        await alice.Hands.WaitAsync(h => h.Address == bob.Address && !h.Raised, "alice to see bob's hand go down");
        Assert.Empty(await alice.Client.GetRaisedHandsAsync(gid));

        var forbidden = await Assert.ThrowsAsync<ConferenceHubException>(() => outsider.Client.GetRaisedHandsAsync(gid));
        Assert.Equal(HubErrorCodes.Forbidden, forbidden.Code);
        var invalid = await Assert.ThrowsAsync<ConferenceHubException>(() => alice.Client.GetRaisedHandsAsync(0));
        Assert.Equal(HubErrorCodes.BadRequest, invalid.Code);
    }

    [Fact]
    public async Task A_moderators_mute_of_your_stream_shows_in_the_publishers_you_read_again()
    {
        var alice = await UserAsync("alice");
        var host = await UserAsync("host");
        var gid = await Server.CreateGroupAsync(new GroupSettings { Name = "Muted" });
        await Server.AddMembersAsync(gid, [alice.Address, host.Address]);
        await Server.EditMembersAsync(gid, new MemberChange { Addresses = [host.Address], Admin = new AdminRights { Admin = true } });
        await alice.Client.JoinGroupAsync(gid);
        await host.Client.JoinGroupAsync(gid);
        await alice.Client.PublishAsync(gid, new PublishRequest(0, "camera", "Alice", Audio: true, Video: true));

        await host.Client.InvokeAsync("MuteParticipant", [gid, alice.Address, 0, false, true]);

        var mine = Assert.Single(await alice.Client.ListPublishersAsync(gid), p => p.Address == alice.Address);
        Assert.Equal((false, true), (mine.AudioMuted, mine.VideoMuted));
    }

    [Fact]
    public async Task Your_access_comes_as_an_event_and_can_be_read_again_until_your_call_ends()
    {
        var alice = await UserAsync("alice");
        var host = await UserAsync("host");
        var accessChanges = new EventLog<MemberAccess>();
        alice.Client.AccessChanged += accessChanges.Add;
        var gid = await Server.CreateGroupAsync(new GroupSettings { Name = "Access" });
        await Server.AddMembersAsync(gid, [alice.Address, host.Address]);
        await Server.EditMembersAsync(gid, new MemberChange { Addresses = [host.Address], Admin = new AdminRights { Admin = true } });
        await alice.Client.JoinGroupAsync(gid);
        await host.Client.JoinGroupAsync(gid);

        var access = await alice.Client.GetAccessAsync(gid);
        Assert.Equal((gid, alice.Address, true, true, 0), (access.Gid, access.Address, access.IsMember, access.CanPublish, access.Limits.MaxBitrateKbps));
        Assert.Empty(access.Admin);
        Assert.Contains("admin", (await host.Client.GetAccessAsync(gid)).Admin);

        // The host limits alice's bitrate: she is told, and the next read has it.
        await host.Client.InvokeAsync("EditMembers", [gid, new { members = new[] { alice.Address }, remove = false, permissions = (object?)null, call = new { bitrate = 300 } }]);
        var told = await accessChanges.WaitAsync(a => a.Gid == gid && a.Limits.MaxBitrateKbps == 300, "alice to be told her bitrate limit");
        Assert.Equal(alice.Address, told.Address);
        Assert.Equal(300, (await alice.Client.GetAccessAsync(gid)).Limits.MaxBitrateKbps);

        // Removed from the call: the read says her call is over (what a client that lost OnCallEnded learns on a resync).
        await host.Client.InvokeAsync("RemoveFromCall", [gid, alice.Address]);
        var ended = await Assert.ThrowsAsync<ConferenceHubException>(() => alice.Client.GetAccessAsync(gid));
        Assert.Equal(HubErrorCodes.NotFound, ended.Code);

        var invalid = await Assert.ThrowsAsync<ConferenceHubException>(() => host.Client.GetAccessAsync(0));
        Assert.Equal(HubErrorCodes.BadRequest, invalid.Code);
        var notJoined = await Assert.ThrowsAsync<ConferenceHubException>(() => host.Client.GetAccessAsync(gid + 1000));
        Assert.Equal(HubErrorCodes.BadRequest, notJoined.Code);
    }

    [Fact]
    public async Task A_publisher_reads_who_subscribes_to_its_stream()
    {
        var alice = await UserAsync("alice");
        var bob = await UserAsync("bob");
        var gid = await Server.CreateGroupAsync(new GroupSettings { Name = "Subscribers" });
        await Server.AddMembersAsync(gid, [alice.Address, bob.Address]);
        await alice.Client.JoinGroupAsync(gid);
        await bob.Client.JoinGroupAsync(gid);
        await alice.Client.PublishAsync(gid, new PublishRequest(0, "camera", "Alice", Audio: true, Video: true));
        await bob.Client.SubscribeAsync(gid, new SubscribeRequest(alice.Address, 0, Audio: true, Video: false));

        var subscriber = Assert.Single(await alice.Client.ListSubscribersAsync(gid, 0));
        Assert.Equal(new Subscriber(gid, bob.Address, 0, true, false), subscriber);
        var notMine = await Assert.ThrowsAsync<ConferenceHubException>(() => bob.Client.ListSubscribersAsync(gid, 0));
        Assert.Equal(HubErrorCodes.NotFound, notMine.Code);
        var invalid = await Assert.ThrowsAsync<ConferenceHubException>(() => alice.Client.ListSubscribersAsync(gid, 256));
        Assert.Equal(HubErrorCodes.BadRequest, invalid.Code);

        await bob.Client.UnsubscribeAsync(gid, alice.Address, 0);
        Assert.Empty(await alice.Client.ListSubscribersAsync(gid, 0));
    }
}
