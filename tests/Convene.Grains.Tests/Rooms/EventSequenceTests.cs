using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Rooms;
using Convene.Grains.Tests.Grains;

namespace Convene.Grains.Tests.Rooms;

/// <summary>
/// The room numbers what it sends to each gateway observer (<see cref="RoomSequence"/>), on a real cluster: 1, 2, 3…
/// per gateway in the order the room produced the events, a new epoch from 1 when the room is reactivated, and from 1
/// again for a new observer of the same gateway.
/// </summary>
public sealed class EventSequenceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Each_gateway_gets_the_rooms_events_numbered_from_one_in_the_order_the_room_produced_them()
    {
        var grains = fixture.Grains;
        var (gid, _) = await grains.NewGroupAsync(new GroupChange { Members = new MemberChange(["a", "b", "c"]) });
        var room = grains.Room(gid);
        var one = new TestGateway(fixture.Client, "gw-seq-1");
        var two = new TestGateway(fixture.Client, "gw-seq-2");
        await one.JoinAsync(room, "a");
        await one.JoinAsync(room, "b");
        await two.JoinAsync(room, "c");

        const int Messages = 40;
        for (var i = 0; i < Messages; i++)
        {
            await room.SendMessageAsync(Actor.User("a"), new OutgoingMessage(0, $"m{i}"));
            if (i % 10 == 5)
            {
                Assert.Equal(GroupStatus.Ok, (await room.RaiseHandAsync(one.Caller("a"), i % 20 == 5)).Status);
            }
        }

        foreach (var gateway in new[] { one, two })
        {
            var events = await SequencedAsync(gateway, e => e is GroupMessageEvent m && m.Message.Body == $"m{Messages - 1}");
            var epoch = Assert.Single(events.Select(e => e.Sequence.Epoch).Distinct());
            Assert.NotEqual(Guid.Empty, epoch);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(n => (long)n), events.Select(e => e.Sequence.Number).Order());
            // In number order, the room's own order: the messages as sent, each hand change after the message before it.
            var inOrder = events.OrderBy(e => e.Sequence.Number).Select(e => e.Event switch
            {
                GroupMessageEvent m => m.Message.Body,
                CallControlEvent h => $"hand {h.Flag}",
                var other => other.GetType().Name,
            }).ToList();
            var expected = Enumerable.Range(0, Messages).SelectMany(i => i % 10 == 5 ? [$"m{i}", $"hand {i % 20 == 5}"] : new[] { $"m{i}" });
            Assert.Equal(expected, inOrder);
        }
    }

    [Fact]
    public async Task A_reactivated_room_starts_a_new_epoch_from_one_and_a_new_observer_of_a_gateway_starts_from_one()
    {
        var grains = fixture.Grains;
        var (gid, _) = await grains.NewGroupAsync(new GroupChange { Members = new MemberChange(["a", "b"]) });
        var room = grains.Room(gid);
        var gateway = new TestGateway(fixture.Client, "gw-seq-epoch");
        await gateway.JoinAsync(room, "b");
        await room.SendMessageAsync(Actor.User("a"), new OutgoingMessage(0, "before"));
        await room.SendMessageAsync(Actor.User("a"), new OutgoingMessage(0, "before 2"));
        var before = (await SequencedAsync(gateway, e => e is GroupMessageEvent { Message.Body: "before 2" })).Single(e => Body(e) == "before 2").Sequence;
        Assert.Equal(2, before.Number);

        await fixture.Cluster.DeactivateAsync(room);
        Assert.False(await gateway.RefreshAsync(room, "b"), "the reactivated room claimed to know the gateway");
        await room.SendMessageAsync(Actor.User("a"), new OutgoingMessage(0, "after"));

        var after = (await SequencedAsync(gateway, e => e is GroupMessageEvent { Message.Body: "after" })).Single(e => Body(e) == "after").Sequence;
        Assert.NotEqual(before.Epoch, after.Epoch);
        Assert.Equal(1, after.Number);

        // The gateway dropped its link to the room and made a new observer (a new reorder buffer): numbering restarts.
        var renewed = new TestGateway(fixture.Client, "gw-seq-epoch");
        Assert.True(await renewed.RefreshAsync(room, "b"));
        await room.SendMessageAsync(Actor.User("a"), new OutgoingMessage(0, "renewed"));
        var first = (await SequencedAsync(renewed, e => e is GroupMessageEvent { Message.Body: "renewed" })).Single().Sequence;
        Assert.Equal(new RoomSequence(after.Epoch, 1), first);
    }

    [Fact]
    public async Task A_gateway_that_registers_again_with_the_same_observer_continues_the_numbering_its_buffer_expects()
    {
        var grains = fixture.Grains;
        var (gid, _) = await grains.NewGroupAsync(new GroupChange { Members = new MemberChange(["a", "b"]) });
        var room = grains.Room(gid);
        var gateway = new TestGateway(fixture.Client, "gw-seq-again");
        await gateway.JoinAsync(room, "b");
        await room.SendMessageAsync(Actor.User("a"), new OutgoingMessage(0, "first"));
        var first = (await SequencedAsync(gateway, e => e is GroupMessageEvent { Message.Body: "first" })).Single().Sequence;

        // Its registration ends (as at expiry) and it comes back with the same observer, i.e. the same reorder buffer.
        await room.UnregisterAsync("gw-seq-again");
        await gateway.JoinAsync(room, "b");
        await room.SendMessageAsync(Actor.User("a"), new OutgoingMessage(0, "again"));

        var again = (await SequencedAsync(gateway, e => e is GroupMessageEvent { Message.Body: "again" })).Single(e => Body(e) == "again").Sequence;
        Assert.Equal(new RoomSequence(first.Epoch, first.Number + 1), again);
    }

    private static string? Body((object Event, RoomSequence Sequence) e) => (e.Event as GroupMessageEvent)?.Message.Body;

    /// <summary>The gateway's sequenced events once one matching <paramref name="last"/> has arrived and nothing is missing below it.</summary>
    private static async Task<List<(object Event, RoomSequence Sequence)>> SequencedAsync(TestGateway gateway, Func<object, bool> last)
    {
        var limit = TimeSpan.FromSeconds(20);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var events = gateway.Events.Sequenced();
            if (events.FirstOrDefault(e => last(e.Event)) is { Event: not null } found
                && events.Count(e => e.Sequence.Epoch == found.Sequence.Epoch && e.Sequence.Number <= found.Sequence.Number) >= found.Sequence.Number)
            {
                return events;
            }
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"expected the gateway's events up to the matching one within {limit}; saw: [{string.Join("; ", events.Select(e => $"#{e.Sequence.Number} {e.Event}"))}]");
            }
            await Task.Delay(20);
        }
    }
}
