namespace Convene.Grains.Webhooks;

/// <summary>The <c>type</c> of each webhook event (README: "Webhooks").</summary>
public static class WebhookEventTypes
{
    /// <summary>The first participant joined a group's call (the room on this activation).</summary>
    public const string RoomStarted = "room.started";

    /// <summary>The last participant left, or the group was deleted.</summary>
    public const string RoomFinished = "room.finished";

    /// <summary>A user's first connection joined the call.</summary>
    public const string ParticipantJoined = "participant.joined";

    /// <summary>A user's last connection left the call (<c>reason</c>: hangup, disconnected, …).</summary>
    public const string ParticipantLeft = "participant.left";

    /// <summary>A stream was published (a republish of the same stream id raises nothing).</summary>
    public const string StreamPublished = "stream.published";

    /// <summary>A stream ended (<c>reason</c>).</summary>
    public const string StreamUnpublished = "stream.unpublished";

    /// <summary>A group chat message (only with <see cref="WebhookOptions.IncludeChat"/>).</summary>
    public const string ChatMessage = "chat.message";

    /// <summary>A one-to-one call was answered.</summary>
    public const string CallStarted = "call.started";

    /// <summary>A one-to-one call ended (<c>reason</c>).</summary>
    public const string CallEnded = "call.ended";
}
