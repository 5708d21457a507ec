using Convene.Grains.Streams;

namespace Convene.Grains.Rooms;

/// <summary>A published stream in a room's call: its state, the connection publishing it and its subscribers. Live state only.</summary>
internal sealed class LiveStream(StreamInfo info, string connectionId, long order)
{
    public StreamInfo Info { get; set; } = info;

    public string ConnectionId { get; set; } = connectionId;

    /// <summary>Publication order, for the publisher list.</summary>
    public long Order { get; } = order;

    /// <summary>Subscriber address → what it receives and through which connection.</summary>
    public Dictionary<string, (SubscriberInfo Info, string ConnectionId)> Subscribers { get; } = new(StringComparer.Ordinal);
}
