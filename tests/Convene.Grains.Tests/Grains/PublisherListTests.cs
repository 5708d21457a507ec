using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Streams;

namespace Convene.Grains.Tests.Grains;

/// <summary>The live publisher list and its events.</summary>
public sealed class PublisherListTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Publishing_follows_the_permission_and_listers_are_told()
    {
        // members-only webinar: selected publish, members view and list
        var (gid, group) = await _grains.NewGroupAsync(new GroupChange
        {
            Flags = GroupFlags.SelectedCanPublish,
            Members = new MemberChange(["host", "viewer"]),
        });
        await group.EditMembersAsync(Actor.Backend, new MemberChange(["viewer"], Permissions: new MemberPermissionsChange(Pub: false)));
        var room = _grains.Room(gid);
        var gw = new TestGateway(fixture.Client, "gw");
        await gw.JoinAsync(room, "host");
        await gw.JoinAsync(room, "viewer");
        Assert.Equal(GroupStatus.Forbidden, (await room.JoinAsync(gw.Caller("outsider"))).Status);

        var hostPublishes = await room.PublishAsync(gw.Caller("host"), new StreamInfo(gid, "host", 0, "Host", StreamSource.Camera, true, true), null);
        var viewerPublishes = await room.PublishAsync(gw.Caller("viewer"), new StreamInfo(gid, "viewer", 0, "Viewer", StreamSource.Camera, true, true), null);

        Assert.True(hostPublishes.Status == GroupStatus.Ok, hostPublishes.Error);
        Assert.Equal(GroupStatus.Forbidden, viewerPublishes.Status);
        var started = await gw.Events.NextAsync<PublisherEvent>("the host's stream for the listers", e => e.Active);
        Assert.Equal(["host", "viewer"], started.Recipients.Order().ToArray());
        Assert.Equal(["host"], (await room.GetPublishersAsync(Actor.User("viewer"))).Value!.Select(p => p.Address));
        Assert.Equal(GroupStatus.Forbidden, (await room.GetPublishersAsync(Actor.User("outsider"))).Status);
    }

    [Fact]
    public async Task Taking_the_publish_permission_away_ends_the_stream()
    {
        var (gid, group) = await _grains.NewGroupAsync(new GroupChange
        {
            Flags = GroupFlags.SelectedCanPublish,
            Members = new MemberChange(["teacher", "student"]),
        });
        var room = _grains.Room(gid);
        var gw = new TestGateway(fixture.Client, "gw");
        await gw.JoinAsync(room, "teacher");
        await gw.JoinAsync(room, "student");
        Assert.Equal(GroupStatus.Ok, (await room.PublishAsync(gw.Caller("student"), new StreamInfo(gid, "student", 0, "S", StreamSource.Camera, true, false), null)).Status);

        await group.EditMembersAsync(Actor.Backend, new MemberChange(["student"], Permissions: new MemberPermissionsChange(Pub: false)));

        var changed = await gw.Events.NextAsync<MemberChangedEvent>("the student's access change", e => e.Address == "student");
        Assert.False(changed.Access.CanPublish);
        await gw.Events.NextAsync<PublisherEvent>("the student's stream ending", e => !e.Active && e.Stream.Address == "student");
        Assert.Empty((await room.GetPublishersAsync(Actor.User("teacher"))).Value!);
    }

    [Fact]
    public async Task Screen_sharing_can_be_disabled_by_the_call_settings()
    {
        var (gid, _) = await _grains.NewGroupAsync(new GroupChange
        {
            Call = new CallChange(ScreenSharing: false),
            Members = new MemberChange(["a"]),
        });
        var room = _grains.Room(gid);
        var gw = new TestGateway(fixture.Client, "gw");

        var screen = await room.PublishAsync(gw.Caller("a"), new StreamInfo(gid, "a", 1, "Screen", StreamSource.Screen, false, true), null);
        var camera = await room.PublishAsync(gw.Caller("a"), new StreamInfo(gid, "a", 0, "Cam", StreamSource.Camera, true, true), null);

        Assert.Equal(GroupStatus.Forbidden, screen.Status);
        Assert.Equal(GroupStatus.Ok, camera.Status);
    }
}
