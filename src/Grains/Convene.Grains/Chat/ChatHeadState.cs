namespace Convene.Grains.Chat;

/// <summary>The persisted head of a chat history: ids given out and the oldest page still kept.</summary>
[GenerateSerializer, Alias("convene.ChatHeadState")]
public sealed class ChatHeadState
{
    /// <summary>The last message id given out (stored or not).</summary>
    [Id(0)]
    public long LastMessageId { get; set; }

    /// <summary>The last id of a stored message; 0 if none.</summary>
    [Id(1)]
    public long LastStoredId { get; set; }

    /// <summary>The oldest page kept; older ones were dropped (<see cref="Limits.MaxStoredMessages"/>).</summary>
    [Id(2)]
    public long FirstPage { get; set; }
}
