using System.Diagnostics.Metrics;

namespace Convene.Gateway.Notifications;

/// <summary>
/// The gateway's counters of room-event ordering, on Convene's meter (<c>Convene</c>, exported at <c>/metrics</c>):
/// events that arrived early and were held, events dropped as duplicates or stale, and gaps given up on (each one
/// a resynchronisation of the room's clients at this gateway).
/// </summary>
public sealed class RoomEventMetrics
{
    /// <summary>Convene's meter name (the same as the grains' meter, so one <c>AddMeter</c> exports both).</summary>
    public const string MeterName = "Convene";

    private readonly Counter<long> _held;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _gaps;

    /// <summary>Creates the instruments.</summary>
    public RoomEventMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _held = meter.CreateCounter<long>("convene.gateway.room_events.held", "{event}",
            "Room events that reached this gateway before an earlier one and waited for it");
        _dropped = meter.CreateCounter<long>("convene.gateway.room_events.dropped", "{event}",
            "Room events not delivered: a duplicate, one of a gap already given up on, or from an earlier activation of the room");
        _gaps = meter.CreateCounter<long>("convene.gateway.room_events.gaps", "{gap}",
            "Room events that never arrived in time: the later ones were delivered and the room's clients here resynchronised");
    }

    internal void Arrived(RoomEventArrival arrival)
    {
        switch (arrival)
        {
            case RoomEventArrival.Held:
                _held.Add(1);
                break;
            case RoomEventArrival.Dropped:
                _dropped.Add(1);
                break;
        }
    }

    internal void Gap() => _gaps.Add(1);
}
