using System.Text;
using Convene.Grains.Groups;
using Convene.Grains.Hosting;
using Convene.Grains.Users;

namespace Convene.Grains.Chat;

/// <summary>
/// A one-to-one conversation: stores its messages (in pages, like a group's) and hands each to both users' grains
/// (the recipient's connections, and the sender's other connections). User grains never call back, so there is
/// no call cycle.
/// </summary>
public sealed class ConversationGrain : Grain, IConversationGrain
{
    private readonly TimeProvider _time;
    private readonly ChatHistory _history;

    /// <summary>Created by Orleans.</summary>
    public ConversationGrain([PersistentState("conversation", ConveneGrainStorage.Name)] IPersistentState<ChatHeadState> head, TimeProvider time, IGrainFactory grains)
    {
        _time = time;
        _history = new ChatHistory(head, grains, ChatPages.ConversationOwner(this.GetPrimaryKeyString()));
    }

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken) => _history.InitializeAsync();

    /// <inheritdoc />
    public async Task<ChatSendResult> SendAsync(string from, OutgoingMessage message)
    {
        var (a, b) = ConversationKey.Parse(this.GetPrimaryKeyString());
        if (from != a && from != b)
        {
            return ChatSendResult.Fail(GroupStatus.Forbidden, "the sender is not part of this conversation");
        }
        if (Limits.CheckAddress(a) is not null || Limits.CheckAddress(b) is not null)
        {
            return ChatSendResult.Fail(GroupStatus.Invalid, "invalid address in the conversation");
        }
        if (message.Body is null || Encoding.UTF8.GetByteCount(message.Body) > Limits.MaxMessageBytes)
        {
            return ChatSendResult.Fail(GroupStatus.Invalid, $"message body must be at most {Limits.MaxMessageBytes} bytes");
        }
        var to = from == a ? b : a;
        var chat = await _history.AppendAsync(id => new ChatMessage(id, 0, from, to, message.Type, message.Body, _time.GetUtcNow(), true), store: true, roundRobin: false);
        await GrainFactory.GetGrain<IUserGrain>(to).DeliverAsync(chat);
        if (to != from)
        {
            await GrainFactory.GetGrain<IUserGrain>(from).DeliverAsync(chat);
        }
        return new ChatSendResult(GroupStatus.Ok, chat, null, 1);
    }

    /// <inheritdoc />
    public async Task<GroupQuery<HistoryPage>> GetHistoryAsync(string address, long? beforeId, int count)
    {
        var (a, b) = ConversationKey.Parse(this.GetPrimaryKeyString());
        if (address != a && address != b)
        {
            return GroupQuery<HistoryPage>.Fail(GroupStatus.Forbidden, "not part of this conversation");
        }
        if (count is < 1 or > Limits.MaxPageSize)
        {
            return GroupQuery<HistoryPage>.Fail(GroupStatus.Invalid, $"count must be between 1 and {Limits.MaxPageSize}");
        }
        var older = await _history.ReadBackAsync(beforeId, _ => true, count + 1);
        var page = older.Take(count).Select(m => m.Message).ToArray();
        return new GroupQuery<HistoryPage>(GroupStatus.Ok, new HistoryPage(page, older.Count > count ? page[^1].Id : null));
    }
}
