namespace Convene.Grains.Chat;

/// <summary>The persisted history of a one-to-one conversation.</summary>
public sealed class ConversationState
{
    /// <summary>The last message id given out.</summary>
    public long LastMessageId { get; set; }

    /// <summary>Messages, oldest first, at most <see cref="Limits.MaxStoredMessages"/>.</summary>
    public List<ChatMessage> History { get; set; } = [];
}
