using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Rooms;
using Convene.Grains.Streams;
using Convene.Grains.Tests.Grains;

namespace Convene.Grains.Tests.Rooms;

/// <summary>Moderation of the live call: mute others, remove from the call, end the call, raised hands, the classroom.</summary>
public sealed class ModerationTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    /// <summary>A group with an admin "host" and plain members, all joined at one gateway.</summary>
    private async Task<(long Gid, IGroupGrain Group, IRoomGrain Room, TestGateway Gateway)> CallAsync(GroupChange? change, params string[] plain)
    {
        var (gid, group) = await _grains.NewGroupAsync((change ?? new GroupChange()) with { Members = new MemberChange(["host"], Admin: new AdminChange(Admin: true)) });
        Assert.True((await group.EditMembersAsync(Actor.Backend, new MemberChange(plain))).IsOk);
        var room = _grains.Room(gid);
        var gw = new TestGateway(fixture.Client, $"gw-mod-{gid}");
        foreach (var address in plain.Prepend("host"))
        {
            await gw.JoinAsync(room, address);
        }
        return (gid, group, room, gw);
    }

    private static StreamInfo Camera(long gid, string address, bool audio = true, bool video = true) =>
        new(gid, address, 0, "cam", StreamSource.Camera, audio, video);

    [Fact]
    public async Task Moderation_needs_the_admin_rights_and_refuses_a_plain_member()
    {
        var (gid, _, room, gw) = await CallAsync(null, "alice", "bob");
        Assert.Equal(GroupStatus.Ok, (await room.PublishAsync(gw.Caller("bob"), Camera(gid, "bob"), null)).Status);

        var mute = await room.MuteAsync(gw.Caller("alice"), "bob", null, true, true);
        var muteAll = await room.MuteAllAsync(gw.Caller("alice"), true, false);
        var remove = await room.RemoveFromCallAsync(gw.Caller("alice"), "bob");
        var end = await room.EndCallAsync(gw.Caller("alice"));
        Assert.All([mute, muteAll, remove, end], r => Assert.Equal(GroupStatus.Forbidden, r.Status));
        Assert.Contains("admin right", remove.Error);
        var status = await room.GetStatusAsync();
        Assert.Equal((3, 1), (status.Online, status.Streams));
        Assert.False((await room.GetPublishersAsync(Actor.Backend)).Value![0].AudioMuted);

        // Someone not in the call cannot moderate it either, whatever their rights: a stranger is refused at the door.
        var stranger = await room.MuteAllAsync(gw.Caller("stranger"), true, true);
        Assert.Equal(GroupStatus.Forbidden, stranger.Status);
    }

    [Fact]
    public async Task A_moderator_mutes_one_participant_the_subscribers_get_OnMute_and_the_publisher_is_told_who()
    {
        var (gid, _, room, gw) = await CallAsync(null, "alice", "bob");
        await room.PublishAsync(gw.Caller("bob"), Camera(gid, "bob"), null);
        await room.SubscribeAsync(gw.Caller("alice"), "bob", 0, true, true, null);

        var muted = await room.MuteAsync(gw.Caller("host"), "bob", null, true, false);
        Assert.Equal(GroupStatus.Ok, muted.Status);
        var mute = await gw.Events.NextAsync<StreamEvent>("OnMute of bob's stream for alice", e => e.Kind == StreamEventKind.Mute);
        Assert.Equal(["alice"], mute.Recipients);
        Assert.True(mute.Stream.AudioMuted);
        Assert.False(mute.Stream.VideoMuted);
        var told = await gw.Events.NextAsync<CallControlEvent>("OnModeratorMute for bob", e => e.Kind == CallControlKind.ModeratorMute);
        Assert.Equal(["bob"], told.Recipients);
        Assert.Equal("host", told.By);
        Assert.True(told.Stream!.AudioMuted);

        var missing = await room.MuteAsync(gw.Caller("host"), "alice", null, true, true);
        Assert.Equal(GroupStatus.NotFound, missing.Status);
    }

    [Fact]
    public async Task Mute_all_but_me_mutes_every_other_stream_and_leaves_the_moderators_own()
    {
        var (gid, _, room, gw) = await CallAsync(null, "alice", "bob");
        foreach (var who in new[] { "host", "alice", "bob" })
        {
            await room.PublishAsync(gw.Caller(who), Camera(gid, who), null);
        }
        Assert.Equal(GroupStatus.Ok, (await room.MuteAllAsync(gw.Caller("host"), true, true)).Status);
        var streams = (await room.GetPublishersAsync(Actor.Backend)).Value!.ToDictionary(s => s.Address);
        Assert.True(streams["alice"].AudioMuted && streams["alice"].VideoMuted);
        Assert.True(streams["bob"].AudioMuted && streams["bob"].VideoMuted);
        Assert.False(streams["host"].AudioMuted || streams["host"].VideoMuted);

        // A soft mute: the participant may unmute again.
        var unmuted = await room.SetMuteAsync(gw.Caller("alice"), 0, false, false);
        Assert.False(unmuted.Stream!.AudioMuted);
    }

    [Fact]
    public async Task Removed_from_the_call_the_participant_is_told_their_streams_end_and_a_refresh_does_not_bring_them_back()
    {
        var (gid, _, room, gw) = await CallAsync(null, "alice", "bob");
        await room.PublishAsync(gw.Caller("bob"), Camera(gid, "bob"), null);
        await room.SubscribeAsync(gw.Caller("alice"), "bob", 0, true, true, null);

        Assert.Equal(GroupStatus.Invalid, (await room.RemoveFromCallAsync(gw.Caller("host"), "host")).Status);
        Assert.Equal(GroupStatus.Ok, (await room.RemoveFromCallAsync(gw.Caller("host"), "bob")).Status);
        var ended = await gw.Events.NextAsync<CallControlEvent>("OnCallEnded for bob", e => e.Kind == CallControlKind.CallEnded);
        Assert.Equal(["bob"], ended.Recipients);
        Assert.Equal(("removed", "host"), (ended.Reason, ended.By));
        var hangup = await gw.Events.NextAsync<StreamEvent>("OnHangup of bob's stream for alice", e => e.Kind == StreamEventKind.Hangup);
        Assert.Equal("removed", hangup.Reason);
        Assert.Equal(["alice"], hangup.Recipients);
        Assert.Equal((2, 0), ((await room.GetStatusAsync()).Online, (await room.GetStatusAsync()).Streams));

        // The gateway still reports bob's connection (its client has not left yet): the room keeps him out.
        await gw.RefreshAsync(room, "host", "alice", "bob");
        Assert.Equal(2, (await room.GetStatusAsync()).Online);
        var again = await room.PublishAsync(gw.Caller("bob"), Camera(gid, "bob"), null);
        Assert.Equal(GroupStatus.NotFound, again.Status);
        Assert.Contains("join again", again.Error);

        // He stays a member: joining again lets him in.
        await gw.JoinAsync(room, "bob");
        Assert.Equal(3, (await room.GetStatusAsync()).Online);
        Assert.Equal(GroupStatus.NotFound, (await room.RemoveFromCallAsync(gw.Caller("host"), "nobody")).Status);
    }

    [Fact]
    public async Task Removing_an_owner_from_the_call_needs_the_remowner_right()
    {
        var (gid, group, room, gw) = await CallAsync(null, "boss");
        Assert.True((await group.EditMembersAsync(Actor.Backend, new MemberChange(["boss"], Admin: new AdminChange(Owner: true)))).IsOk);
        var refused = await room.RemoveFromCallAsync(gw.Caller("host"), "boss");
        Assert.Equal(GroupStatus.Forbidden, refused.Status);
        Assert.Equal(2, (await room.GetStatusAsync()).Online);
        Assert.Equal(GroupStatus.Ok, (await room.RemoveFromCallAsync(gw.Caller("boss"), "host")).Status);
    }

    [Fact]
    public async Task Ending_the_call_tells_everyone_and_empties_the_room()
    {
        var (gid, _, room, gw) = await CallAsync(null, "alice", "bob");
        await room.PublishAsync(gw.Caller("alice"), Camera(gid, "alice"), null);
        Assert.Equal(GroupStatus.Ok, (await room.EndCallAsync(gw.Caller("host"))).Status);
        var ended = await gw.Events.NextAsync<CallControlEvent>("OnCallEnded for everyone", e => e.Kind == CallControlKind.CallEnded);
        Assert.Equal(["alice", "bob", "host"], ended.Recipients.Order(StringComparer.Ordinal));
        Assert.Equal(("ended", "host"), (ended.Reason, ended.By));
        var status = await room.GetStatusAsync();
        Assert.Equal((0, 0, 0), (status.Connections, status.Streams, status.Subscriptions));
    }

    [Fact]
    public async Task A_raised_hand_reaches_those_who_may_list_and_goes_down_when_its_owner_leaves()
    {
        // Only selected members may list: "quiet" may not, so it does not see hands (but sees its own).
        var (gid, group, room, gw) = await CallAsync(new GroupChange { Flags = GroupFlags.SelectedCanList }, "alice", "quiet");
        Assert.True((await group.EditMembersAsync(Actor.Backend, new MemberChange(["quiet"], Permissions: new MemberPermissionsChange(List: false)))).IsOk);

        Assert.Equal(GroupStatus.Ok, (await room.RaiseHandAsync(gw.Caller("alice"), true)).Status);
        var raised = await gw.Events.NextAsync<CallControlEvent>("OnRaiseHand of alice", e => e.Kind == CallControlKind.Hand);
        Assert.Equal(("alice", true), (raised.Address, raised.Flag));
        Assert.Equal(["alice", "host"], raised.Recipients.Order(StringComparer.Ordinal));
        Assert.Equal(["alice"], (await room.GetRaisedHandsAsync(Actor.User("host"))).Value!);
        Assert.Equal(GroupStatus.Forbidden, (await room.GetRaisedHandsAsync(Actor.User("quiet"))).Status);
        var late = await room.JoinAsync(gw.Caller("host", "host-second-tab"));
        Assert.Equal(["alice"], late.RaisedHands);

        // Raising it twice tells nobody again; leaving lowers it.
        await room.RaiseHandAsync(gw.Caller("alice"), true);
        await room.LeaveAsync(gw.Id, gw.ConnectionOf("alice"), "left");
        var lowered = await gw.Events.NextAsync<CallControlEvent>("alice's hand lowered as she left", e => e.Kind == CallControlKind.Hand);
        Assert.Equal(("alice", false), (lowered.Address, lowered.Flag));
        Assert.Empty((await room.GetRaisedHandsAsync(Actor.User("host"))).Value!);
        Assert.DoesNotContain(gw.Events.Pending(), e => e is CallControlEvent { Kind: CallControlKind.Hand });
    }

    [Fact]
    public async Task The_call_ends_for_everyone_at_its_maximum_duration()
    {
        var (gid, _, room, gw) = await CallAsync(new GroupChange { Call = new CallChange(MaxDuration: 2) }, "alice");
        var started = DateTimeOffset.UtcNow;
        var ended = await gw.Events.NextAsync<CallControlEvent>("OnCallEnded(maxdur) about 2 s after the call started",
            e => e.Kind == CallControlKind.CallEnded, TimeSpan.FromSeconds(30));
        Assert.Equal(("maxdur", (string?)null), (ended.Reason, ended.By));
        Assert.Equal(["alice", "host"], ended.Recipients.Order(StringComparer.Ordinal));
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(1.5), $"ended after {DateTimeOffset.UtcNow - started}");
        Assert.Equal(0, (await room.GetStatusAsync()).Connections);

        // A new call starts its own clock.
        await gw.JoinAsync(room, "alice");
        var second = await gw.Events.NextAsync<CallControlEvent>("the second call ending too", e => e.Kind == CallControlKind.CallEnded, TimeSpan.FromSeconds(30));
        Assert.Equal(["alice"], second.Recipients);
    }

    [Fact]
    public async Task Classroom_the_teacher_mutes_all_lets_a_student_publish_and_removes_another()
    {
        // Only selected members publish; students may not until the teacher lets them.
        var (gid, group, room, gw) = await CallAsync(new GroupChange { Flags = GroupFlags.SelectedCanPublish }, "s1", "s2");
        Assert.True((await group.EditMembersAsync(Actor.Backend, new MemberChange(["s1", "s2"], Permissions: new MemberPermissionsChange(Pub: false)))).IsOk);
        Assert.Equal(GroupStatus.Forbidden, (await room.PublishAsync(gw.Caller("s1"), Camera(gid, "s1"), null)).Status);
        await room.PublishAsync(gw.Caller("host"), Camera(gid, "host"), null);

        // A student cannot give himself the right; the teacher (admin: adduser) can.
        var self = await group.EditMembersAsync(Actor.User("s1"), new MemberChange(["s1"], Permissions: new MemberPermissionsChange(Pub: true)));
        Assert.Equal(GroupStatus.Forbidden, self.Status);
        var let = await group.EditMembersAsync(Actor.User("host"), new MemberChange(["s1"], Permissions: new MemberPermissionsChange(Pub: true)));
        Assert.Equal(GroupStatus.Ok, let.Status);
        var changed = await gw.Events.NextAsync<MemberChangedEvent>("OnMemberChanged for s1 letting him publish", e => e.Address == "s1" && e.Access.CanPublish);
        Assert.True(changed.Access.CanPublish);
        Assert.Equal(GroupStatus.Ok, (await room.PublishAsync(gw.Caller("s1"), Camera(gid, "s1"), null)).Status);

        var all = await room.MuteAllAsync(gw.Caller("host"), true, true);
        Assert.True(all.IsOk, $"mute all: {all}");
        var s1 = (await room.GetPublishersAsync(Actor.Backend)).Value!.Single(s => s.Address == "s1");
        Assert.True(s1.AudioMuted);

        // Revoked again: the room ends the student's stream.
        await group.EditMembersAsync(Actor.User("host"), new MemberChange(["s1"], Permissions: new MemberPermissionsChange(Pub: false)));
        Assert.DoesNotContain((await room.GetPublishersAsync(Actor.Backend)).Value!, s => s.Address == "s1");

        Assert.Equal(GroupStatus.Ok, (await room.RemoveFromCallAsync(gw.Caller("host"), "s2")).Status);
        Assert.Equal(["host", "s1"], await OnlineAsync(room, gw, "host", "s1", "s2"));
    }

    [Fact]
    public async Task A_member_removed_from_the_group_leaves_the_call()
    {
        var (_, group, room, gw) = await CallAsync(null, "alice", "bob");
        Assert.True((await group.EditMembersAsync(Actor.User("host"), new MemberChange(["bob"], Remove: true))).IsOk);
        var ended = await gw.Events.NextAsync<CallControlEvent>("OnCallEnded for bob", e => e.Kind == CallControlKind.CallEnded);
        Assert.Equal(["bob"], ended.Recipients);
        Assert.Equal("removed", ended.Reason);
        Assert.Equal(2, (await room.GetStatusAsync()).Online);
    }

    /// <summary>Who of <paramref name="candidates"/> the room still has in the call (a refresh reporting all of them must not re-admit).</summary>
    private static async Task<string[]> OnlineAsync(IRoomGrain room, TestGateway gw, params string[] candidates)
    {
        await gw.RefreshAsync(room, candidates);
        var online = new List<string>();
        foreach (var c in candidates)
        {
            if ((await room.RaiseHandAsync(gw.Caller(c), false)).Status == GroupStatus.Ok)
            {
                online.Add(c);
            }
        }
        return [.. online];
    }
}
