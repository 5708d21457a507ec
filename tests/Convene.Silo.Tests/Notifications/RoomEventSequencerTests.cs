using Convene.Gateway.Notifications;
using Convene.Grains.Rooms;

namespace Convene.Silo.Tests.Notifications;

/// <summary>The gateway's reorder buffer of a room's events, on a clock the test moves.</summary>
public sealed class RoomEventSequencerTests : IDisposable
{
    private static readonly TimeSpan GapTimeout = TimeSpan.FromSeconds(2);
    private readonly SteppedTimeProvider _clock = new();
    private readonly List<string> _released = [];
    private readonly List<RoomEventGap> _gaps = [];
    private readonly RoomEventSequencer<string> _sequencer;
    private readonly Guid _epoch = Guid.NewGuid();

    public RoomEventSequencerTests()
    {
        _sequencer = new RoomEventSequencer<string>(GapTimeout, _clock, _released.Add, _gaps.Add);
    }

    public void Dispose() => _sequencer.Dispose();

    [Fact]
    public void Events_that_arrive_shuffled_are_released_in_the_rooms_order()
    {
        var numbers = Enumerable.Range(1, 200).ToArray();
        new Random(20261203).Shuffle(numbers);
        Assert.NotEqual(Enumerable.Range(1, 200), numbers);

        foreach (var n in numbers)
        {
            _sequencer.Receive(new RoomSequence(_epoch, n), $"e{n}");
        }

        Assert.Equal(Enumerable.Range(1, 200).Select(n => $"e{n}"), _released);
        Assert.Empty(_gaps);
        Assert.Equal(0, _sequencer.Held);
        Assert.Equal(0, _clock.ArmedTimers);
    }

    [Fact]
    public void An_early_event_waits_for_the_missing_one_and_goes_out_right_after_it()
    {
        Assert.Equal(RoomEventArrival.Released, Receive(1));
        Assert.Equal(RoomEventArrival.Held, Receive(3));
        Assert.Equal(RoomEventArrival.Held, Receive(4));
        Assert.Equal(["e1"], _released);

        _clock.Advance(GapTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Equal(["e1"], _released);

        Assert.Equal(RoomEventArrival.Released, Receive(2));
        Assert.Equal(["e1", "e2", "e3", "e4"], _released);
        _clock.Advance(GapTimeout * 2);
        Assert.Empty(_gaps);
    }

    [Fact]
    public void A_gap_that_does_not_fill_in_time_releases_what_is_held_and_asks_for_a_resync()
    {
        Receive(1);
        Receive(4);
        Receive(3);
        Receive(6);
        _clock.Advance(GapTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Equal(["e1"], _released);
        Assert.Empty(_gaps);

        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(["e1", "e3", "e4", "e6"], _released);
        var gap = Assert.Single(_gaps);
        Assert.Equal(new RoomEventGap(_epoch, 2, 2), gap); // 2 and 5 never came
        Assert.Equal(0, _sequencer.Held);

        // The lost event turns up after all: the resync covered it, it is not delivered out of order.
        Assert.Equal(RoomEventArrival.Dropped, Receive(2));
        Assert.Equal(RoomEventArrival.Released, Receive(7));
        Assert.Equal(["e1", "e3", "e4", "e6", "e7"], _released);
    }

    [Fact]
    public void No_event_waits_longer_than_the_timeout_even_when_the_gap_fills_slowly()
    {
        Receive(1);
        Receive(4); // waits for 2 and 3
        _clock.Advance(TimeSpan.FromMilliseconds(1500));
        Receive(2); // progress, but 4 has already waited 1.5 s of its 2
        Assert.Equal(["e1", "e2"], _released);

        _clock.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal(["e1", "e2", "e4"], _released);
        Assert.Equal(new RoomEventGap(_epoch, 3, 1), Assert.Single(_gaps));
    }

    [Fact]
    public void A_new_room_epoch_starts_again_at_one_and_the_old_epochs_late_events_are_dropped()
    {
        Receive(1);
        Receive(2);
        Receive(4); // the old activation's 3 is lost with its silo
        var reactivated = Guid.NewGuid();

        Assert.Equal(RoomEventArrival.Held, _sequencer.Receive(new RoomSequence(reactivated, 2), "new2"));
        Assert.Equal(["e1", "e2", "e4"], _released); // the old activation's held event is not kept waiting
        Assert.Equal(RoomEventArrival.Released, _sequencer.Receive(new RoomSequence(reactivated, 1), "new1"));
        Assert.Equal(["e1", "e2", "e4", "new1", "new2"], _released);

        Assert.Equal(RoomEventArrival.Dropped, Receive(3));
        Assert.Equal(RoomEventArrival.Dropped, Receive(5));
        Assert.Equal(["e1", "e2", "e4", "new1", "new2"], _released);
        _clock.Advance(GapTimeout * 2);
        Assert.Empty(_gaps);
    }

    [Fact]
    public void A_duplicate_is_dropped()
    {
        Receive(1);
        Receive(3);
        Assert.Equal(RoomEventArrival.Dropped, Receive(1));
        Assert.Equal(RoomEventArrival.Dropped, Receive(3));
        Receive(2);
        Assert.Equal(["e1", "e2", "e3"], _released);
    }

    [Fact]
    public void Too_many_held_events_give_the_gap_up_at_once()
    {
        Receive(1);
        for (var n = 3; n < 3 + RoomEventSequencer<string>.MaxHeld; n++)
        {
            Receive(n);
        }
        Assert.Equal(["e1"], _released);
        Assert.Empty(_gaps);

        Receive(3 + RoomEventSequencer<string>.MaxHeld);

        Assert.Equal(RoomEventSequencer<string>.MaxHeld + 2, _released.Count);
        Assert.Equal(new RoomEventGap(_epoch, 2, 1), Assert.Single(_gaps));
        Assert.Equal(0, _sequencer.Held);
    }

    private RoomEventArrival Receive(long number) => _sequencer.Receive(new RoomSequence(_epoch, number), $"e{number}");
}
