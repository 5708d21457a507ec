using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Rooms;
using Convene.Grains.Streams;
using Convene.Grains.Tests.Grains;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Convene.Grains.Tests.Rooms;

/// <summary>
/// A 3-silo cluster whose grain state is kept outside the silos (as Azure Storage or PostgreSQL keep it): losing the
/// silo a room's call is active on — killed, or stopped gracefully — loses the live call but nothing stored, and the
/// room comes back on a live silo from the gateways' refreshes.
/// </summary>
[Collection(SiloLossCollection.Name)]
public sealed class SiloLossTests : IAsyncLifetime
{
    private readonly SharedGrainStore _store = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = ConveneTestCluster.Create(store: _store, silos: 3);
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Losing_the_rooms_silo_keeps_what_is_stored_and_the_room_comes_back_on_a_live_silo(bool kill)
    {
        var grains = _cluster.Client;
        // Not the primary silo (index 0), which the test cluster's membership needs.
        var roomSilo = _cluster.Silos[2];
        var (gid, group, room) = await _cluster.NewGroupApartAsync(roomSilo.SiloAddress, new GroupChange
        {
            Name = "survives",
            Members = new MemberChange(["pub", "sub"]),
        });
        Assert.NotEqual(roomSilo.SiloAddress, await _cluster.SiloOfAsync(group));
        var gw = new TestGateway(grains, "gw");
        await gw.JoinAsync(room, "pub");
        await gw.JoinAsync(room, "sub");
        Assert.Equal(GroupStatus.Ok, (await room.PublishAsync(gw.Caller("pub"), new StreamInfo(gid, "pub", 0, "cam", StreamSource.Camera, true, true), null)).Status);
        Assert.Equal(GroupStatus.Ok, (await room.SendMessageAsync(Actor.User("pub"), new OutgoingMessage(0, "before the loss"))).Status);

        if (kill)
        {
            await _cluster.KillSiloAsync(roomSilo);
        }
        else
        {
            // A graceful stop deactivates the room with people in the call and it sends its gateways OnMoved. That
            // notice is not asserted here: to this test's client (reached through another silo's client gateway) the
            // call is cancelled with the stopping activation about half the time; between silos, where real
            // gateways are, it arrives (tests/e2e/cluster.test.mjs measures the move after SIGTERM).
            await _cluster.StopSiloAsync(roomSilo);
        }
        await _cluster.WaitForLivenessToStabilizeAsync(didKill: kill);

        // The gateway's refresh reaches a new activation on a live silo, which did not know it.
        Assert.False(await gw.RefreshAsync(room, "pub", "sub"), "the room on a live silo claimed to know the gateway");
        var status = await room.GetStatusAsync();
        Assert.NotEqual(roomSilo.SiloAddress.ToString(), status.Silo);
        Assert.Equal((2, 0), (status.Online, status.Streams)); // who is online came back; the live streams did not

        // Nothing stored was lost: the record, the members and the history.
        var snapshot = await group.GetSnapshotAsync();
        Assert.Equal("survives", snapshot.Settings.Name);
        Assert.Equal(["pub", "sub"], snapshot.Members.Select(m => m.Address));
        Assert.Equal(["before the loss"], (await room.GetHistoryAsync(Actor.Backend, null, 10)).Value!.Messages.Select(m => m.Body));

        // The clients restore their calls there.
        Assert.Equal(GroupStatus.Ok, (await room.PublishAsync(gw.Caller("pub"), new StreamInfo(gid, "pub", 0, "cam", StreamSource.Camera, true, true), null)).Status);
        Assert.Equal(GroupStatus.Ok, (await room.SubscribeAsync(gw.Caller("sub"), "pub", 0, true, true, null)).Status);
        await room.SendMessageAsync(Actor.User("pub"), new OutgoingMessage(0, "after the loss"));
        var message = await gw.Events.NextAsync<GroupMessageEvent>("the message after the loss", e => e.Message.Body == "after the loss");
        Assert.Equal(["sub"], message.Recipients);
    }
}

/// <summary>Silo-loss tests run alone: they stop and kill silos, which is slow under the other clusters' load.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SiloLossCollection
{
    public const string Name = "silo loss";
}
