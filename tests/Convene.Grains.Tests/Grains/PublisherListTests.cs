using Convene.Actors;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;

namespace Convene.Grains.Tests.Grains;

/// <summary>The live publisher list and its events.</summary>
public sealed class PublisherListTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Publishing_follows_the_permission_and_listers_are_told()
    {
        // members-only webinar: selected publish, members view and list
        var (_, group) = await _grains.NewGroupAsync(new GroupChange
        {
            Flags = GroupFlags.SelectedCanPublish,
            Members = new MemberChange(["host", "viewer"]),
        });
        await group.EditMembersAsync(Actor.Backend, new MemberChange(["viewer"], Permissions: new MemberPermissionsChange(Pub: false)));
        var gateway = new TestGroupObserver();
        await group.SubscribeAsync("gw", _grains.CreateObjectReference<IGroupObserver>(gateway));
        await group.ConnectAsync("gw", "host");
        await group.ConnectAsync("gw", "viewer");
        await group.ConnectAsync("gw", "outsider");

        var hostPublishes = await group.PublishAsync(new PublishedStream("host", "cam", "Host", StreamSource.Camera, true, true));
        var viewerPublishes = await group.PublishAsync(new PublishedStream("viewer", "cam", "Viewer", StreamSource.Camera, true, true));

        Assert.True(hostPublishes.IsOk, hostPublishes.Error);
        Assert.Equal(GroupStatus.Forbidden, viewerPublishes.Status);
        var started = await gateway.NextAsync<PublisherEvent>("the host's stream for the listers", e => e.Active);
        Assert.Equal(["host", "viewer"], started.Recipients.Order().ToArray());
        Assert.Equal(["host"], (await group.GetPublishersAsync(Actor.User("viewer"))).Value!.Select(p => p.Address));
        Assert.Equal(GroupStatus.Forbidden, (await group.GetPublishersAsync(Actor.User("outsider"))).Status);
    }

    [Fact]
    public async Task Taking_the_publish_permission_away_ends_the_stream()
    {
        var (_, group) = await _grains.NewGroupAsync(new GroupChange
        {
            Flags = GroupFlags.SelectedCanPublish,
            Members = new MemberChange(["teacher", "student"]),
        });
        var gateway = new TestGroupObserver();
        await group.SubscribeAsync("gw", _grains.CreateObjectReference<IGroupObserver>(gateway));
        await group.ConnectAsync("gw", "teacher");
        await group.ConnectAsync("gw", "student");
        Assert.True((await group.PublishAsync(new PublishedStream("student", "cam", "S", StreamSource.Camera, true, false))).IsOk);

        await group.EditMembersAsync(Actor.Backend, new MemberChange(["student"], Permissions: new MemberPermissionsChange(Pub: false)));

        var changed = await gateway.NextAsync<MemberChangedEvent>("the student's access change", e => e.Address == "student");
        Assert.False(changed.Access.CanPublish);
        await gateway.NextAsync<PublisherEvent>("the student's stream ending", e => !e.Active && e.Stream.Address == "student");
        Assert.Empty((await group.GetPublishersAsync(Actor.User("teacher"))).Value!);
    }

    [Fact]
    public async Task Screen_sharing_can_be_disabled_by_the_call_settings()
    {
        var (_, group) = await _grains.NewGroupAsync(new GroupChange
        {
            Call = new CallChange(ScreenSharing: false),
            Members = new MemberChange(["a"]),
        });

        var screen = await group.PublishAsync(new PublishedStream("a", "screen1", "Screen", StreamSource.Screen, false, true));
        var camera = await group.PublishAsync(new PublishedStream("a", "cam", "Cam", StreamSource.Camera, true, true));

        Assert.Equal(GroupStatus.Forbidden, screen.Status);
        Assert.True(camera.IsOk);
    }
}
