namespace Convene.Grains.Chat;

/// <summary>
/// One page of a chat history: up to <see cref="Limits.MessagesPerPage"/> messages, keyed by page number and
/// owner (<see cref="ChatPages.GroupOwner"/> or <see cref="ChatPages.ConversationOwner"/>). Written by the owner's grain only.
/// </summary>
public interface IChatPageGrain : IGrainWithIntegerCompoundKey
{
    /// <summary>Appends a message and writes the page before returning.</summary>
    Task AppendAsync(StoredMessage message);

    /// <summary>The page's messages, oldest first.</summary>
    Task<StoredMessage[]> GetAsync();

    /// <summary>Deletes the page.</summary>
    Task ClearAsync();
}
