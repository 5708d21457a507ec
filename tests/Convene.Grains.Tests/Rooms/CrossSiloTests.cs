using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Streams;
using Convene.Grains.Tests.Grains;

namespace Convene.Grains.Tests.Rooms;

/// <summary>The room and its group's record on different silos of the 2-silo cluster, each way round.</summary>
public sealed class CrossSiloTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    public static TheoryData<int> RoomSilos => new() { 0, 1 };

    [Theory]
    [MemberData(nameof(RoomSilos))]
    public async Task Join_publish_subscribe_chat_and_group_changes_work_with_the_room_and_the_group_on_different_silos(int roomSiloIndex)
    {
        var cluster = fixture.Cluster;
        var roomSilo = cluster.Silos[roomSiloIndex].SiloAddress;
        var (gid, group, room) = await cluster.NewGroupApartAsync(roomSilo, new GroupChange
        {
            Flags = GroupFlags.SelectedCanPublish,
            Members = new MemberChange(["pub", "sub"]),
        });
        var gw = new TestGateway(fixture.Client, "gw");

        await gw.JoinAsync(room, "pub");
        var joined = await gw.JoinAsync(room, "sub");
        Assert.True(joined.Access!.CanSubscribe);
        var published = await room.PublishAsync(gw.Caller("pub"), new StreamInfo(gid, "pub", 0, "cam", StreamSource.Camera, true, true), null);
        Assert.Equal(GroupStatus.Ok, published.Status);
        var subscribed = await room.SubscribeAsync(gw.Caller("sub"), "pub", 0, true, true, null);
        Assert.Equal(GroupStatus.Ok, subscribed.Status);
        var subscriber = await gw.Events.NextAsync<StreamEvent>("OnSubscriber for the publisher", e => e.Kind == StreamEventKind.Subscriber);
        Assert.Equal(new SubscriberInfo("sub", true, true), subscriber.Subscriber);
        await room.SendMessageAsync(Actor.User("pub"), new OutgoingMessage(0, "across silos"));
        var message = await gw.Events.NextAsync<GroupMessageEvent>("the message for sub", e => e.Message.Body == "across silos");
        Assert.Equal(["sub"], message.Recipients);

        // A change of the record (group's silo) reaches the room (the other silo) before the call returns.
        await group.EditMembersAsync(Actor.Backend, new MemberChange(["pub"], Permissions: new MemberPermissionsChange(Pub: false)));
        var hangup = await gw.Events.NextAsync<StreamEvent>("OnHangup for the subscriber", e => e.Kind == StreamEventKind.Hangup);
        Assert.Equal(["sub"], hangup.Recipients);
        Assert.Empty((await room.GetPublishersAsync(Actor.Backend)).Value!);

        var status = await room.GetStatusAsync();
        Assert.Equal(roomSilo, await cluster.SiloOfAsync(room));
        Assert.NotEqual(roomSilo, await cluster.SiloOfAsync(group));
        Assert.Equal((2, 0), (status.Connections, status.Streams));
    }
}
