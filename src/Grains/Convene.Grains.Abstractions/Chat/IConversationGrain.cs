using Convene.Grains.Groups;

namespace Convene.Grains.Chat;

/// <summary>
/// A one-to-one conversation, keyed by <see cref="ConversationKey.For"/> of its two addresses: stores the history
/// and hands each message to the recipient's (and, for the sender's other devices, the sender's) user grain.
/// </summary>
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>Sends a message from <paramref name="from"/> to the other user of the conversation.</summary>
    Task<ChatSendResult> SendAsync(string from, OutgoingMessage message);

    /// <summary>Stored messages newest first; <paramref name="address"/> must be one of the two users.</summary>
    Task<GroupQuery<HistoryPage>> GetHistoryAsync(string address, long? beforeId, int count);
}
