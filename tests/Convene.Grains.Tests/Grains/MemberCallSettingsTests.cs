using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Rooms;
using Convene.Grains.Streams;

namespace Convene.Grains.Tests.Grains;

/// <summary>Members' own call settings (group.members.call.*): stored, validated, and enforced by the room.</summary>
public sealed class MemberCallSettingsTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public void Limits_are_the_rooms_tightened_by_the_members_own()
    {
        var hd = CallSettings.Default with { Resolution = 1, Bitrate = 800 };
        Assert.Equal(new CallLimits(true, true, 1280, 720, 800, false), CallLimits.Of(hd, null));
        Assert.Equal(new CallLimits(true, true, 640, 360, 800, true), CallLimits.Of(hd, new MemberCallSettings { MaxHeight = 360 }));
        Assert.Equal(new CallLimits(true, false, 640, 480, 300, true), CallLimits.Of(hd, new MemberCallSettings { Resolution = 0, Bitrate = 300, Video = false }));
        // A member cannot go above the room: a 4K member in an HD room gets HD, and a looser bitrate does not lift the room's.
        Assert.Equal(new CallLimits(true, true, 1280, 720, 800, false), CallLimits.Of(hd, new MemberCallSettings { Resolution = 3, Bitrate = 5000 }));
        Assert.Equal(new CallLimits(false, true, 640, 480, 0, false), CallLimits.Of(CallSettings.Default with { Audio = false }, MemberCallSettings.Default));
    }

    [Fact]
    public async Task Member_call_settings_are_stored_validated_and_reset_by_default()
    {
        var (_, group) = await _grains.NewGroupAsync(new GroupChange { Members = new MemberChange(["speaker", "guest"]) });
        var set = await group.EditMembersAsync(Actor.Backend, new MemberChange(["guest"], Call: new MemberCallChange(MaxHeight: 360, Bitrate: 250, Video: false)));
        Assert.True(set.IsOk, set.Error);
        var members = (await group.GetMembersAsync(Actor.Backend, 0, 10)).Value!.Members.ToDictionary(m => m.Address);
        Assert.Equal(new MemberCallSettings { MaxHeight = 360, Bitrate = 250, Video = false }, members["guest"].Call);
        Assert.Equal(MemberCallSettings.Default, members["speaker"].Call);

        foreach (var bad in new[] { new MemberCallChange(Resolution: 4), new MemberCallChange(MaxHeight: 50), new MemberCallChange(Bitrate: -1) })
        {
            var refused = await group.EditMembersAsync(Actor.Backend, new MemberChange(["guest"], Call: bad));
            Assert.Equal(GroupStatus.Invalid, refused.Status);
            Assert.StartsWith("group.members.call.", refused.Error);
        }
        var typed = await group.EditMembersAsync(Actor.Backend, new MemberChange(["guest"], MessageType: 3, Call: new MemberCallChange(Video: true)));
        Assert.Equal(GroupStatus.Invalid, typed.Status);

        Assert.True((await group.EditMembersAsync(Actor.Backend, new MemberChange(["guest"], Call: new MemberCallChange(Reset: true, Audio: false)))).IsOk);
        var guest = (await group.GetMembersAsync(Actor.Backend, 0, 10)).Value!.Members.Single(m => m.Address == "guest");
        Assert.Equal(new MemberCallSettings { Audio = false }, guest.Call);

        // Changing member call settings is a member change: a plain member may not, an admin may.
        var plain = await group.EditMembersAsync(Actor.User("speaker"), new MemberChange(["guest"], Call: new MemberCallChange(Audio: true)));
        Assert.Equal(GroupStatus.Forbidden, plain.Status);
    }

    [Fact]
    public async Task The_room_refuses_media_a_member_may_not_send_tells_the_limits_and_ends_streams_when_they_shrink()
    {
        var (gid, group) = await _grains.NewGroupAsync(new GroupChange
        {
            Call = new CallChange(Resolution: 1),
            Members = new MemberChange(["host", "student"]),
        });
        Assert.True((await group.EditMembersAsync(Actor.Backend, new MemberChange(["student"], Call: new MemberCallChange(MaxHeight: 360, Video: false)))).IsOk);
        var room = _grains.Room(gid);
        var gw = new TestGateway(fixture.Client, "gw-member-call");
        var joined = await gw.JoinAsync(room, "student");
        await gw.JoinAsync(room, "host");
        Assert.Equal(new CallLimits(true, false, 640, 360, 0, true), joined.Access!.Limits);

        var video = await room.PublishAsync(gw.Caller("student"), new StreamInfo(gid, "student", 0, "cam", StreamSource.Camera, true, true), null);
        Assert.Equal(GroupStatus.MediaNotAllowed, video.Status);
        Assert.Contains("video", video.Error);
        var voice = await room.PublishAsync(gw.Caller("student"), new StreamInfo(gid, "student", 0, "mic", StreamSource.Camera, true, false), null);
        Assert.Equal(GroupStatus.Ok, voice.Status);
        Assert.Equal(360, voice.Limits!.MaxHeight);

        // Voice taken away too: the room ends the stream and tells the student his new limits.
        await room.SubscribeAsync(gw.Caller("host"), "student", 0, true, false, null);
        Assert.True((await group.EditMembersAsync(Actor.Backend, new MemberChange(["student"], Call: new MemberCallChange(Audio: false)))).IsOk);
        var hangup = await gw.Events.NextAsync<StreamEvent>("OnHangup of the student's stream", e => e.Kind == StreamEventKind.Hangup);
        Assert.Equal("media not allowed", hangup.Reason);
        var changed = await gw.Events.NextAsync<MemberChangedEvent>("OnMemberChanged with voice off", e => e.Address == "student" && !e.Access.Limits.Audio);
        Assert.False(changed.Access.Limits.Video);
        Assert.Equal(0, (await room.GetStatusAsync()).Streams);
    }
}
