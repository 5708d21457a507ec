namespace Convene.Grains.Chat;

/// <summary>
/// A chat history in pages, used by the grain that owns it (a group's chat, a conversation): the owner's small
/// head record plus one <see cref="IChatPageGrain"/> per <see cref="Limits.MessagesPerPage"/> messages, so a new
/// message rewrites its page and the head, never the whole history. Stored ids are consecutive from 1, so the page
/// of an id is arithmetic; a message that is not stored takes an id too and leaves a gap in a page.
/// </summary>
internal sealed class ChatHistory(IPersistentState<ChatHeadState> head, IGrainFactory grains, string owner)
{
    private ChatHeadState H => head.State;

    public long LastStoredId => H.LastStoredId;

    /// <summary>Gives the message its id; if <paramref name="store"/>, writes its page and the head before returning.</summary>
    public async Task<ChatMessage> AppendAsync(Func<long, ChatMessage> create, bool store, bool roundRobin)
    {
        var message = create(H.LastMessageId + 1);
        H.LastMessageId = message.Id;
        if (store)
        {
            await Page(ChatPages.PageOf(message.Id)).AppendAsync(new StoredMessage(message, roundRobin));
            H.LastStoredId = message.Id;
            await DropOldPagesAsync();
        }
        await head.WriteStateAsync();
        return message;
    }

    /// <summary>Stored messages newest first, older than <paramref name="beforeId"/> if given, while <paramref name="keep"/> wants more.</summary>
    public async Task<List<StoredMessage>> ReadBackAsync(long? beforeId, Func<StoredMessage, bool> keep, int max)
    {
        var result = new List<StoredMessage>();
        var from = Math.Min(beforeId is { } b ? b - 1 : H.LastStoredId, H.LastStoredId);
        for (var page = ChatPages.PageOf(Math.Max(from, 1)); from >= 1 && page >= H.FirstPage && result.Count < max; page--)
        {
            var messages = await Page(page).GetAsync();
            for (var i = messages.Length - 1; i >= 0 && result.Count < max; i--)
            {
                if (messages[i].Message.Id <= from && keep(messages[i]))
                {
                    result.Add(messages[i]);
                }
            }
        }
        return result;
    }

    /// <summary>Stored messages after <paramref name="afterId"/>, oldest first (at most what is kept).</summary>
    public async Task<List<StoredMessage>> ReadSinceAsync(long afterId, Func<StoredMessage, bool> keep)
    {
        var result = new List<StoredMessage>();
        if (afterId >= H.LastStoredId)
        {
            return result;
        }
        for (var page = Math.Max(ChatPages.PageOf(afterId + 1), H.FirstPage); page <= ChatPages.PageOf(H.LastStoredId); page++)
        {
            result.AddRange((await Page(page).GetAsync()).Where(m => m.Message.Id > afterId && keep(m)));
        }
        return result;
    }

    /// <summary>Deletes every page and the head.</summary>
    public async Task ClearAsync()
    {
        if (H.LastStoredId > 0)
        {
            for (var page = H.FirstPage; page <= ChatPages.PageOf(H.LastStoredId); page++)
            {
                await Page(page).ClearAsync();
            }
        }
        H.LastStoredId = 0;
        H.FirstPage = ChatPages.PageOf(H.LastMessageId + 1);
        await head.WriteStateAsync();
    }

    private async Task DropOldPagesAsync()
    {
        // Keep at least MaxStoredMessages: drop a page only when the pages after it hold that many.
        var keepPages = (Limits.MaxStoredMessages + Limits.MessagesPerPage - 1) / Limits.MessagesPerPage + 1;
        while (ChatPages.PageOf(H.LastStoredId) - H.FirstPage >= keepPages)
        {
            await Page(H.FirstPage).ClearAsync();
            H.FirstPage++;
        }
    }

    private IChatPageGrain Page(long page) => grains.GetGrain<IChatPageGrain>(page, owner);
}
