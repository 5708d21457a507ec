using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Rooms;
using Convene.Grains.Streams;
using Convene.Grains.Tests.Grains;

namespace Convene.Grains.Tests.Rooms;

/// <summary>
/// What clients that lost events re-read: <see cref="IRoomGrain.GetAccessAsync"/> (what a connection still in the
/// call may do, and a clear status once its call was ended or it may no longer be in it) and
/// <see cref="IRoomGrain.GetSubscribersAsync"/> (who subscribes to one of the caller's own streams).
/// </summary>
public sealed class RoomAccessTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task A_connection_in_the_call_reads_its_access_and_not_found_once_its_call_was_ended()
    {
        var (gid, group) = await _grains.NewGroupAsync(new GroupChange { Members = new MemberChange(["host"], Admin: new AdminChange(Admin: true)) });
        Assert.True((await group.EditMembersAsync(Actor.Backend, new MemberChange(["alice"]))).IsOk);
        var room = _grains.Room(gid);
        var gw = new TestGateway(fixture.Client, $"gw-access-{gid}");
        await gw.JoinAsync(room, "host");
        await gw.JoinAsync(room, "alice");

        var access = await room.GetAccessAsync(gw.Caller("alice"));
        Assert.Equal(GroupStatus.Ok, access.Status);
        Assert.Equal((gid, "alice", true, true, AdminRights.None), (access.Value!.Gid, access.Value.Address, access.Value.IsMember, access.Value.CanPublish, access.Value.Admin));
        Assert.NotEqual(AdminRights.None, (await room.GetAccessAsync(gw.Caller("host"))).Value!.Admin);

        // A change of the member's settings shows in the next read.
        Assert.True((await group.EditMembersAsync(Actor.Backend, new MemberChange(["alice"], Call: new MemberCallChange(Bitrate: 300)))).IsOk);
        await AssertEventuallyAsync(async () => (await room.GetAccessAsync(gw.Caller("alice"))).Value?.Limits.MaxBitrateKbps == 300, "alice's bitrate limit in her access");

        // Her call ended (removed by the host): the read says so, and does not put her back in.
        Assert.Equal(GroupStatus.Ok, (await room.RemoveFromCallAsync(gw.Caller("host"), "alice")).Status);
        var ended = await room.GetAccessAsync(gw.Caller("alice"));
        Assert.Equal(GroupStatus.NotFound, ended.Status);
        Assert.Contains("ended", ended.Error);
        Assert.Equal(1, (await room.GetStatusAsync()).Online);

        // A stranger is refused at the door.
        Assert.Equal(GroupStatus.Forbidden, (await room.GetAccessAsync(gw.Caller("stranger"))).Status);
    }

    [Fact]
    public async Task A_publisher_reads_who_subscribes_to_its_own_stream_and_nobody_elses()
    {
        var (gid, group) = await _grains.NewGroupAsync(new GroupChange());
        Assert.True((await group.EditMembersAsync(Actor.Backend, new MemberChange(["alice", "bob", "carol"]))).IsOk);
        var room = _grains.Room(gid);
        var gw = new TestGateway(fixture.Client, $"gw-subs-{gid}");
        foreach (var address in new[] { "alice", "bob", "carol" }) await gw.JoinAsync(room, address);
        Assert.Equal(GroupStatus.Ok, (await room.PublishAsync(gw.Caller("alice"), new StreamInfo(gid, "alice", 0, "cam", StreamSource.Camera, true, true), null)).Status);
        await room.SubscribeAsync(gw.Caller("carol"), "alice", 0, true, true, null);
        await room.SubscribeAsync(gw.Caller("bob"), "alice", 0, true, false, null);

        var subscribers = await room.GetSubscribersAsync(gw.Caller("alice"), 0);
        Assert.Equal(GroupStatus.Ok, subscribers.Status);
        Assert.Equal([new SubscriberInfo("bob", true, false), new SubscriberInfo("carol", true, true)], subscribers.Value!);
        Assert.Equal(GroupStatus.NotFound, (await room.GetSubscribersAsync(gw.Caller("alice"), 1)).Status);
        Assert.Equal(GroupStatus.NotFound, (await room.GetSubscribersAsync(gw.Caller("bob"), 0)).Status); // alice's stream 0 is not bob's

        await room.UnsubscribeAsync(gw.Caller("bob"), "alice", 0);
        Assert.Equal([new SubscriberInfo("carol", true, true)], (await room.GetSubscribersAsync(gw.Caller("alice"), 0)).Value!);
    }

    private static async Task AssertEventuallyAsync(Func<Task<bool>> condition, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"expected {expected} within 20 s");
            await Task.Delay(20);
        }
    }
}
