using System.Text;
using Convene.Grains.Chat;
using Convene.Grains.Permissions;

namespace Convene.Grains.Groups;

/// <summary>Group chat: send, deliver, store, history, catch-up on connect.</summary>
public sealed partial class GroupGrain
{
    // Live: the next round-robin position among eligible online members. Not persisted.
    private int _roundRobin;

    /// <inheritdoc />
    public async Task<GroupQuery<IReadOnlyList<ChatMessage>>> ConnectAsync(string gatewayId, string address)
    {
        if (!Exists)
        {
            return GroupQuery<IReadOnlyList<ChatMessage>>.Fail(GroupStatus.NotFound, "no such group");
        }
        if (Limits.CheckAddress(address) is { } why)
        {
            return GroupQuery<IReadOnlyList<ChatMessage>>.Fail(GroupStatus.Invalid, $"address {why}");
        }
        if (!_observers.ContainsKey(gatewayId))
        {
            return GroupQuery<IReadOnlyList<ChatMessage>>.Fail(GroupStatus.Invalid, "the gateway has not subscribed");
        }
        if (!_online.TryGetValue(address, out var gateways))
        {
            _online[address] = gateways = new HashSet<string>(StringComparer.Ordinal);
        }
        gateways.Add(gatewayId);

        var member = MemberOf(address);
        IReadOnlyList<ChatMessage> pending = [];
        var dirty = ExtendExpiry();
        if (member is not null && S.History.Count > 0)
        {
            var since = S.DeliveredUpTo.GetValueOrDefault(address);
            pending = S.History
                .Where(h => h.Message.Id > since && !h.RoundRobin && h.Message.From != address && CanReceive(address, h.Message.Type))
                .Select(h => h.Message)
                .ToArray();
            var last = S.History[^1].Message.Id;
            if (last != since)
            {
                S.DeliveredUpTo[address] = last;
                dirty = true;
            }
        }
        if (dirty)
        {
            await state.WriteStateAsync();
        }
        return new GroupQuery<IReadOnlyList<ChatMessage>>(GroupStatus.Ok, pending);
    }

    /// <inheritdoc />
    public async Task<ChatSendResult> SendMessageAsync(Actor sender, OutgoingMessage message)
    {
        if (!Exists)
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
        var allowed = Evaluate(sender, Operation.SendMessage, message.Type);
        if (!allowed.Allowed)
        {
            return ChatSendResult.Fail(GroupStatus.Forbidden, allowed.Reason);
        }
        var from = sender.Address!;
        var flags = S.Settings.Flags;
        var stored = (flags & GroupFlags.DoNotStore) == 0;
        var roundRobin = (flags & GroupFlags.RoundRobinReceive) != 0;
        var chat = new ChatMessage(S.LastMessageId + 1, _gid, from, null, message.Type, message.Body, Now, stored);
        S.LastMessageId = chat.Id;

        var eligible = _online.Keys
            .Where(a => a != from && CanReceive(a, message.Type))
            .OrderBy(a => a, StringComparer.Ordinal)
            .ToList();
        if (roundRobin && eligible.Count > 0)
        {
            eligible = [eligible[_roundRobin++ % eligible.Count]];
        }
        var recipients = new List<string>(eligible);
        if ((flags & GroupFlags.LoopBack) != 0 && _online.ContainsKey(from))
        {
            recipients.Add(from);
        }

        var dirty = ExtendExpiry();
        if (stored)
        {
            S.History.Add(new StoredGroupMessage { Message = chat, RoundRobin = roundRobin });
            if (S.History.Count > Limits.MaxStoredMessages)
            {
                S.History.RemoveRange(0, S.History.Count - Limits.MaxStoredMessages);
            }
            foreach (var address in recipients.Where(_memberIndex.ContainsKey))
            {
                S.DeliveredUpTo[address] = chat.Id;
            }
            dirty = true;
        }
        if (dirty)
        {
            // Written before the call returns; delivery follows the write, so nothing delivered is lost on a crash.
            await state.WriteStateAsync();
        }
        await SendToAsync(recipients, (o, list) => o.OnMessageAsync(new GroupMessageEvent(_gid, list, chat)));
        return new ChatSendResult(GroupStatus.Ok, chat, null, recipients.Count);
    }

    /// <inheritdoc />
    public Task<GroupQuery<HistoryPage>> GetHistoryAsync(Actor actor, long? beforeId, int count)
    {
        if (Refuse(actor, Operation.ReceiveMessage) is { } refused)
        {
            return Task.FromResult(GroupQuery<HistoryPage>.Fail(refused.Status, refused.Error!));
        }
        if (count is < 1 or > Limits.MaxPageSize)
        {
            return Task.FromResult(GroupQuery<HistoryPage>.Fail(GroupStatus.Invalid, $"count must be between 1 and {Limits.MaxPageSize}"));
        }
        var visible = S.History
            .Select(h => h.Message)
            .Where(m => beforeId is null || m.Id < beforeId)
            .Where(m => actor.Kind == ActorKind.Backend || Evaluate(actor, Operation.ReceiveMessage, m.Type).Allowed)
            .Reverse()
            .Take(count + 1)
            .ToList();
        var more = visible.Count > count;
        var page = visible.Take(count).ToArray();
        return Task.FromResult(new GroupQuery<HistoryPage>(GroupStatus.Ok, new HistoryPage(page, more ? page[^1].Id : null)));
    }

    private bool CanReceive(string address, int messageType) =>
        Evaluate(Actor.User(address), Operation.ReceiveMessage, messageType).Allowed;
}
