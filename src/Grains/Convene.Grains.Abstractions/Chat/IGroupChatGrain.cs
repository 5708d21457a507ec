using Orleans.Concurrency;

namespace Convene.Grains.Chat;

/// <summary>
/// A group's chat history, keyed by its gid: message ids, stored messages in pages (<see cref="IChatPageGrain"/>)
/// so that one message costs one small write, and what each member has seen. Permissions are decided by the
/// caller (the room grain); this grain stores and reads.
/// </summary>
public interface IGroupChatGrain : IGrainWithIntegerKey
{
    /// <summary>Gives the message its id and time and, if <paramref name="store"/>, stores it before returning.</summary>
    Task<ChatMessage> AppendAsync(string from, OutgoingMessage message, bool store, bool roundRobin);

    /// <summary>Stored messages newest first, older than <paramref name="beforeId"/> if given, at most <paramref name="max"/>.</summary>
    Task<StoredMessage[]> GetBeforeAsync(long? beforeId, int max);

    /// <summary>
    /// The stored messages a member has not seen (since they last left, or since they became a member), oldest
    /// first, without round-robin ones and their own; they count as seen from now on.
    /// </summary>
    Task<StoredMessage[]> CatchUpAsync(string address);

    /// <summary>A member left the call: everything stored so far counts as seen.</summary>
    [OneWay]
    Task MarkSeenAsync(string address);

    /// <summary>The last message id given out.</summary>
    Task<long> GetLastIdAsync();

    /// <summary>Deletes the history (the group was deleted).</summary>
    Task ClearAsync();
}
