namespace Convene.Grains.Chat;

/// <summary>
/// A chat history in pages, used by the grain that owns it (a group's chat, a conversation): one
/// <see cref="IChatPageGrain"/> per <see cref="Limits.MessagesPerPage"/> messages and the owner's small head record.
/// A stored message costs one write, its page's; the head is written only when a page starts (and for a message
/// that is not stored, whose id must not be given again). Stored ids are consecutive from 1 except where an unstored
/// message took one, so the page of an id is arithmetic.
/// </summary>
internal sealed class ChatHistory(IPersistentState<ChatHeadState> head, IGrainFactory grains, string owner)
{
    private long _lastId;
    private long _lastStoredId;

    private ChatHeadState H => head.State;

    public long LastStoredId => _lastStoredId;

    /// <summary>
    /// Reads where the history ends: the head names a page at most one behind the last stored message (the head is
    /// written after a new page's first message), so that page and the next are enough.
    /// </summary>
    public async Task InitializeAsync()
    {
        _lastStoredId = H.LastStoredId;
        if (_lastStoredId > 0)
        {
            var page = ChatPages.PageOf(_lastStoredId);
            foreach (var candidate in new[] { page, page + 1 })
            {
                var messages = await Page(candidate).GetAsync();
                if (messages.Length > 0)
                {
                    _lastStoredId = Math.Max(_lastStoredId, messages[^1].Message.Id);
                }
            }
        }
        _lastId = Math.Max(H.LastMessageId, _lastStoredId);
    }

    /// <summary>Gives the message its id; if <paramref name="store"/>, writes it before returning.</summary>
    public async Task<ChatMessage> AppendAsync(Func<long, ChatMessage> create, bool store, bool roundRobin)
    {
        var message = create(_lastId + 1);
        _lastId = message.Id;
        var writeHead = !store;
        if (store)
        {
            var page = ChatPages.PageOf(message.Id);
            writeHead = _lastStoredId == 0 || ChatPages.PageOf(_lastStoredId) != page;
            await Page(page).AppendAsync(new StoredMessage(message, roundRobin));
            _lastStoredId = message.Id;
        }
        if (writeHead)
        {
            H.LastMessageId = _lastId;
            H.LastStoredId = _lastStoredId;
            await DropOldPagesAsync();
            await head.WriteStateAsync();
        }
        return message;
    }

    /// <summary>Stored messages newest first, older than <paramref name="beforeId"/> if given, while <paramref name="keep"/> wants more.</summary>
    public async Task<List<StoredMessage>> ReadBackAsync(long? beforeId, Func<StoredMessage, bool> keep, int max)
    {
        var result = new List<StoredMessage>();
        var from = Math.Min(beforeId is { } b ? b - 1 : _lastStoredId, _lastStoredId);
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
        if (afterId >= _lastStoredId)
        {
            return result;
        }
        for (var page = Math.Max(ChatPages.PageOf(afterId + 1), H.FirstPage); page <= ChatPages.PageOf(_lastStoredId); page++)
        {
            result.AddRange((await Page(page).GetAsync()).Where(m => m.Message.Id > afterId && keep(m)));
        }
        return result;
    }

    /// <summary>Deletes every page; ids go on from where they were.</summary>
    public async Task ClearAsync()
    {
        if (_lastStoredId > 0)
        {
            for (var page = H.FirstPage; page <= ChatPages.PageOf(_lastStoredId); page++)
            {
                await Page(page).ClearAsync();
            }
        }
        _lastStoredId = 0;
        H.LastMessageId = _lastId;
        H.LastStoredId = 0;
        H.FirstPage = ChatPages.PageOf(_lastId + 1);
        await head.WriteStateAsync();
    }

    /// <summary>Keeps at least <see cref="Limits.MaxStoredMessages"/>: older pages are deleted when a new page starts.</summary>
    private async Task DropOldPagesAsync()
    {
        var keepPages = (Limits.MaxStoredMessages + Limits.MessagesPerPage - 1) / Limits.MessagesPerPage + 1;
        while (_lastStoredId > 0 && ChatPages.PageOf(_lastStoredId) - H.FirstPage >= keepPages)
        {
            await Page(H.FirstPage).ClearAsync();
            H.FirstPage++;
        }
    }

    private IChatPageGrain Page(long page) => grains.GetGrain<IChatPageGrain>(page, owner);
}
