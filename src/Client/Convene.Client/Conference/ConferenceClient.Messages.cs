namespace Convene.Client.Conference;

/// <summary>Group and one-to-one messages and their history.</summary>
public sealed partial class ConferenceClient
{
    /// <summary>Sends a group message (send permission; at most 64 KiB); resolves with its id.</summary>
    /// <param name="gid">The group.</param>
    /// <param name="text">The text.</param>
    /// <param name="type">The message type (default 0).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<long> SendGroupMessageAsync(long gid, string text, int? type = null, CancellationToken cancellationToken = default) =>
        InvokeAsync<long>("SendGroupMessage", [gid, text, type], cancellationToken);

    /// <summary>Sends a one-to-one message (stored, and delivered when the recipient next connects if offline); resolves with its id.</summary>
    /// <param name="to">The recipient's address.</param>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<long> SendMessageAsync(string to, string text, CancellationToken cancellationToken = default) =>
        InvokeAsync<long>("SendMessage", [to, text], cancellationToken);

    /// <summary>Stored group messages, newest first.</summary>
    /// <param name="gid">The group.</param>
    /// <param name="beforeId">Only messages older than this id; null for the newest.</param>
    /// <param name="count">How many (1–1,000).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<ChatMessage[]> GetHistoryAsync(long gid, long? beforeId = null, int count = 50, CancellationToken cancellationToken = default) =>
        InvokeAsync<ChatMessage[]>("GetHistory", [gid, beforeId, count], cancellationToken);

    /// <summary>Stored one-to-one messages with <paramref name="peer"/>, newest first.</summary>
    /// <param name="peer">The other user's address.</param>
    /// <param name="beforeId">Only messages older than this id; null for the newest.</param>
    /// <param name="count">How many (1–1,000).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<ChatMessage[]> GetDirectHistoryAsync(string peer, long? beforeId = null, int count = 50, CancellationToken cancellationToken = default) =>
        InvokeAsync<ChatMessage[]>("GetDirectHistory", [peer, beforeId, count], cancellationToken);
}
