using System.Text;
using Convene.Actors;
using Convene.Actors.Storage;
using Convene.Grains.Groups;
using Convene.Grains.Users;

namespace Convene.Grains.Chat;

/// <summary>
/// A one-to-one conversation: stores its messages and hands each to both users' grains (the recipient's
/// connections, and the sender's other connections). User grains never call back, so there is no call cycle.
/// </summary>
public sealed class ConversationGrain([PersistentState("conversation")] IPersistentState<ConversationState> state) : Grain, IConversationGrain
{
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
        var time = ServiceProvider.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        var chat = new ChatMessage(state.State.LastMessageId + 1, 0, from, to, message.Type, message.Body, time.GetUtcNow(), true);
        state.State.LastMessageId = chat.Id;
        state.State.History.Add(chat);
        if (state.State.History.Count > Limits.MaxStoredMessages)
        {
            state.State.History.RemoveRange(0, state.State.History.Count - Limits.MaxStoredMessages);
        }
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IUserGrain>(to).DeliverAsync(chat);
        if (to != from)
        {
            await GrainFactory.GetGrain<IUserGrain>(from).DeliverAsync(chat);
        }
        return new ChatSendResult(GroupStatus.Ok, chat, null, 1);
    }

    /// <inheritdoc />
    public Task<GroupQuery<HistoryPage>> GetHistoryAsync(string address, long? beforeId, int count)
    {
        var (a, b) = ConversationKey.Parse(this.GetPrimaryKeyString());
        if (address != a && address != b)
        {
            return Task.FromResult(GroupQuery<HistoryPage>.Fail(GroupStatus.Forbidden, "not part of this conversation"));
        }
        if (count is < 1 or > Limits.MaxPageSize)
        {
            return Task.FromResult(GroupQuery<HistoryPage>.Fail(GroupStatus.Invalid, $"count must be between 1 and {Limits.MaxPageSize}"));
        }
        var older = state.State.History.Where(m => beforeId is null || m.Id < beforeId).Reverse().Take(count + 1).ToList();
        var page = older.Take(count).ToArray();
        return Task.FromResult(new GroupQuery<HistoryPage>(GroupStatus.Ok, new HistoryPage(page, older.Count > count ? page[^1].Id : null)));
    }
}
