using System.Text.Json.Nodes;
using Convene.Grains.Chat;
using Convene.Grains.Metrics;
using Convene.Grains.Streams;

namespace Convene.Grains.Webhooks;

/// <summary>
/// A room activation's outward events: webhooks (through <see cref="IWebhookPublisher"/>) and its share of the silo's
/// metrics. Called in the room grain's turns; never blocks it (publishing only queues). Live state only: a new
/// activation starts from zero, and the gateways' refreshes and rejoins raise <c>room.started</c> and
/// <c>participant.joined</c> again.
/// </summary>
internal sealed class RoomEvents : IDisposable
{
    private readonly long _gid;
    private readonly string _room;
    private readonly IWebhookPublisher? _webhooks;
    private readonly ConveneMetrics? _metrics;
    private int _participants;
    private int _streams;

    public RoomEvents(long gid, IWebhookPublisher? webhooks, ConveneMetrics? metrics)
    {
        _gid = gid;
        _room = WebhookRooms.Group(gid);
        _webhooks = webhooks;
        _metrics = metrics;
        _metrics?.RoomActivated(this);
    }

    /// <summary>A join was answered after <paramref name="elapsed"/> (the join-latency histogram).</summary>
    public void JoinAnswered(TimeSpan elapsed) => _metrics?.JoinAnswered(elapsed);

    /// <summary>Users in the call (read by the metrics' collection thread).</summary>
    public int Participants => Volatile.Read(ref _participants);

    /// <summary>Published streams (read by the metrics' collection thread).</summary>
    public int Streams => Volatile.Read(ref _streams);

    /// <summary>A user's first connection joined.</summary>
    public void Joined(string address)
    {
        if (Interlocked.Increment(ref _participants) == 1)
        {
            Raise(WebhookEventTypes.RoomStarted, new JsonObject());
        }
        Raise(WebhookEventTypes.ParticipantJoined, new JsonObject { ["address"] = address });
    }

    /// <summary>A user's last connection left.</summary>
    public void Left(string address, string reason)
    {
        Raise(WebhookEventTypes.ParticipantLeft, new JsonObject { ["address"] = address, ["reason"] = reason });
        if (Interlocked.Decrement(ref _participants) == 0)
        {
            Raise(WebhookEventTypes.RoomFinished, new JsonObject { ["reason"] = reason });
        }
    }

    /// <summary>Everyone is gone at once (the group was deleted).</summary>
    public void Ended(string reason)
    {
        Volatile.Write(ref _streams, 0);
        if (Interlocked.Exchange(ref _participants, 0) > 0)
        {
            Raise(WebhookEventTypes.RoomFinished, new JsonObject { ["reason"] = reason });
        }
    }

    /// <summary>A new stream (not a republish).</summary>
    public void Published(StreamInfo stream)
    {
        Interlocked.Increment(ref _streams);
        Raise(WebhookEventTypes.StreamPublished, Describe(stream));
    }

    /// <summary>A stream ended.</summary>
    public void Unpublished(StreamInfo stream, string reason)
    {
        Interlocked.Decrement(ref _streams);
        var data = Describe(stream);
        data["reason"] = reason;
        Raise(WebhookEventTypes.StreamUnpublished, data);
    }

    /// <summary>A group message was accepted (sent only with <see cref="WebhookOptions.IncludeChat"/>).</summary>
    public void Message(ChatMessage message)
    {
        if (_webhooks is { IncludesChat: true })
        {
            Raise(WebhookEventTypes.ChatMessage, new JsonObject
            {
                ["id"] = message.Id, ["from"] = message.From, ["type"] = message.Type, ["body"] = message.Body, ["stored"] = message.Stored,
            });
        }
    }

    /// <summary>The activation ends: its counts leave the silo's metrics.</summary>
    public void Dispose() => _metrics?.RoomDeactivated(this);

    private void Raise(string type, JsonObject data)
    {
        if (_webhooks is null) return;
        data["gid"] = _gid;
        _webhooks.Publish(_room, type, data);
    }

    private static JsonObject Describe(StreamInfo stream) => new()
    {
        ["address"] = stream.Address,
        ["streamId"] = stream.StreamId,
        ["name"] = stream.Name,
        ["source"] = stream.Source.ToString().ToLowerInvariant(),
        ["audio"] = stream.Audio,
        ["video"] = stream.Video,
    };
}
