namespace Convene.Gateway.Notifications;

/// <summary>What <see cref="RoomEventSequencer{T}.Receive"/> did with an event.</summary>
public enum RoomEventArrival
{
    /// <summary>It was next: released (with any held events it unblocked).</summary>
    Released,

    /// <summary>It came early: held until the missing ones arrive or the gap is given up.</summary>
    Held,

    /// <summary>Already released, already given up on, or from an earlier activation of the room: not delivered.</summary>
    Dropped,
}
