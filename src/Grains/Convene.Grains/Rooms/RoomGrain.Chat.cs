using System.Text;
using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;

namespace Convene.Grains.Rooms;

/// <summary>Group chat in the room: who may send, who gets it live (round-robin, loop-back), history reads.</summary>
public sealed partial class RoomGrain
{
    /// <inheritdoc />
    public async Task<ChatSendResult> SendMessageAsync(Actor sender, OutgoingMessage message)
    {
        if (!_group.Exists)
        {
            return ChatSendResult.Fail(GroupStatus.NotFound, "no such group");
        }
        if (sender.Kind != ActorKind.User || Limits.CheckAddress(sender.Address) is not null)
        {
            return ChatSendResult.Fail(GroupStatus.Invalid, "messages are sent by a user with a valid address");
        }
        if (message.Body is null || Encoding.UTF8.GetByteCount(message.Body) > Limits.MaxMessageBytes)
        {
            return ChatSendResult.Fail(GroupStatus.Invalid, $"message body must be at most {Limits.MaxMessageBytes} bytes");
        }
        if (message.Type < 0)
        {
            return ChatSendResult.Fail(GroupStatus.Invalid, "message type must not be negative");
        }
        var allowed = _group.Evaluate(sender, Operation.SendMessage, Now, message.Type);
        if (!allowed.Allowed)
        {
            return ChatSendResult.Fail(GroupStatus.Forbidden, allowed.Reason);
        }
        var from = sender.Address!;
        var flags = _group.Settings.Flags;
        var stored = (flags & GroupFlags.DoNotStore) == 0;
        var roundRobin = (flags & GroupFlags.RoundRobinReceive) != 0;
        // Stored before anyone gets it, so nothing delivered is lost on a crash.
        var chat = await grains.GetGrain<IGroupChatGrain>(Gid).AppendAsync(from, message, stored, roundRobin);
        _events.Message(chat);

        var recipients = _connections.Online
            .Where(a => a != from && _group.Can(a, Operation.ReceiveMessage, Now, message.Type))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (roundRobin && recipients.Count > 0)
        {
            recipients = [recipients[_roundRobin++ % recipients.Count]];
        }
        if ((flags & GroupFlags.LoopBack) != 0 && _connections.IsOnline(from))
        {
            recipients.Add(from);
        }
        await SendAsync(recipients, (o, list, n) => o.OnMessageAsync(new GroupMessageEvent(Gid, list, chat), n));
        NoteActivity();
        return new ChatSendResult(GroupStatus.Ok, chat, null, recipients.Count);
    }

    /// <inheritdoc />
    public async Task<GroupQuery<HistoryPage>> GetHistoryAsync(Actor actor, long? beforeId, int count)
    {
        if (_group.Refuse(actor, Operation.ReceiveMessage, Now) is { } refused)
        {
            return GroupQuery<HistoryPage>.Fail(refused.Status, refused.Error);
        }
        if (count is < 1 or > Limits.MaxPageSize)
        {
            return GroupQuery<HistoryPage>.Fail(GroupStatus.Invalid, $"count must be between 1 and {Limits.MaxPageSize}");
        }
        var chat = grains.GetGrain<IGroupChatGrain>(Gid);
        var visible = new List<ChatMessage>();
        var cursor = beforeId;
        // Reads back in batches until a page and one more are visible to the actor, or the history ends.
        while (visible.Count <= count)
        {
            var batch = await chat.GetBeforeAsync(cursor, count + 1);
            visible.AddRange(batch.Select(m => m.Message)
                .Where(m => actor.Kind == ActorKind.Backend || _group.Evaluate(actor, Operation.ReceiveMessage, Now, m.Type).Allowed));
            if (batch.Length < count + 1)
            {
                break;
            }
            cursor = batch[^1].Message.Id;
        }
        var page = visible.Take(count).ToArray();
        return new GroupQuery<HistoryPage>(GroupStatus.Ok, new HistoryPage(page, visible.Count > count ? page[^1].Id : null));
    }
}
