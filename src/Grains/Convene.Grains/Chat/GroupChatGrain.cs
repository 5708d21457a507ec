using Convene.Grains.Hosting;
using Convene.Grains.Users;

namespace Convene.Grains.Chat;

/// <summary>A group's chat history and what each member has seen; see <see cref="IGroupChatGrain"/>.</summary>
public sealed class GroupChatGrain : Grain, IGroupChatGrain
{
    private readonly TimeProvider _time;
    private readonly ChatHistory _history;

    /// <summary>Created by Orleans.</summary>
    public GroupChatGrain([PersistentState("chat", ConveneGrainStorage.Name)] IPersistentState<ChatHeadState> head, TimeProvider time, IGrainFactory grains)
    {
        _time = time;
        _history = new ChatHistory(head, grains, ChatPages.GroupOwner(this.GetPrimaryKeyLong()));
    }

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken) => _history.InitializeAsync();

    private long Gid => this.GetPrimaryKeyLong();

    /// <inheritdoc />
    public Task<ChatMessage> AppendAsync(string from, OutgoingMessage message, bool store, bool roundRobin) =>
        _history.AppendAsync(id => new ChatMessage(id, Gid, from, null, message.Type, message.Body, _time.GetUtcNow(), store), store, roundRobin);

    /// <inheritdoc />
    public async Task<StoredMessage[]> GetBeforeAsync(long? beforeId, int max) =>
        [.. await _history.ReadBackAsync(beforeId, _ => true, max)];

    /// <inheritdoc />
    public async Task<StoredMessage[]> CatchUpAsync(string address)
    {
        var user = GrainFactory.GetGrain<IUserGrain>(address);
        var seen = await user.GetSeenAsync(Gid);
        var last = _history.LastStoredId;
        if (seen is not { } since || since >= last)
        {
            return [];
        }
        var missed = await _history.ReadSinceAsync(since, m => !m.RoundRobin && m.Message.From != address);
        await user.SetSeenAsync(Gid, last);
        return [.. missed];
    }

    /// <inheritdoc />
    public Task MarkSeenAsync(string address) => GrainFactory.GetGrain<IUserGrain>(address).SetSeenAsync(Gid, _history.LastStoredId);

    /// <inheritdoc />
    public Task<long> GetLastIdAsync() => Task.FromResult(_history.LastStoredId);

    /// <inheritdoc />
    public Task ClearAsync() => _history.ClearAsync();
}
