using System.Threading.Channels;
using Convene.Grains.Calls;
using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Rooms;
using Convene.Grains.Streams;

namespace Convene.Grains.Tests.Grains;

/// <summary>Plays a gateway: records every event a group or user grain pushes.</summary>
public sealed class TestGroupObserver : IGroupObserver, IUserObserver
{
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>();
    private readonly List<object> _kept = [];
    private readonly List<(object Event, RoomSequence Sequence)> _sequenced = [];

    public Task OnMessageAsync(GroupMessageEvent e, RoomSequence sequence) => Write(e, sequence);

    public Task OnPublisherAsync(PublisherEvent e, RoomSequence sequence) => Write(e, sequence);

    public Task OnMemberChangedAsync(MemberChangedEvent e, RoomSequence sequence) => Write(e, sequence);

    public Task OnGroupDeletedAsync(GroupDeletedEvent e, RoomSequence sequence) => Write(e, sequence);

    /// <summary>What <see cref="OnDirectMessageAsync"/> answers: true = a connection at this gateway had the message.</summary>
    public bool ConfirmDirectMessages { get; set; } = true;

    public async Task<bool> OnDirectMessageAsync(DirectMessageEvent e)
    {
        await Write(e);
        return ConfirmDirectMessages;
    }

    public Task OnStreamEventAsync(StreamEvent e, RoomSequence sequence) => Write(e, sequence);

    public Task OnCallControlAsync(CallControlEvent e, RoomSequence sequence) => Write(e, sequence);

    public Task OnMovedAsync(long gid) => Write(new RoomMoved(gid));

    public Task OnAccessRevokedAsync(string address) => Write(address);

    public Task OnCallEventAsync(CallEvent e) => Write(e);

    /// <summary>
    /// The first event of type <typeparamref name="T"/> matching <paramref name="match"/> not yet taken. Other events
    /// are kept for later calls: one-way observer calls are not ordered, so events of different kinds may arrive in
    /// another order than the grain sent them.
    /// </summary>
    public async Task<T> NextAsync<T>(string expected, Func<T, bool>? match = null, TimeSpan? timeout = null)
    {
        bool Matches(object e) => e is T t && (match is null || match(t));
        lock (_kept)
        {
            var i = _kept.FindIndex(Matches);
            if (i >= 0)
            {
                var found = _kept[i];
                _kept.RemoveAt(i);
                return (T)found;
            }
        }
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(cts.Token);
                if (Matches(e))
                {
                    return (T)e;
                }
                lock (_kept)
                {
                    _kept.Add(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            lock (_kept)
            {
                throw new TimeoutException($"expected {expected} within {timeout ?? TimeSpan.FromSeconds(5)}; saw instead: [{string.Join("; ", _kept)}]");
            }
        }
    }

    /// <summary>Events received and not yet taken by <see cref="NextAsync"/>.</summary>
    public List<object> Pending()
    {
        List<object> pending;
        lock (_kept)
        {
            pending = [.. _kept];
            _kept.Clear();
        }
        while (_events.Reader.TryRead(out var e))
        {
            pending.Add(e);
        }
        return pending;
    }

    /// <summary>Every sequenced event received so far, in arrival order, with its number.</summary>
    public List<(object Event, RoomSequence Sequence)> Sequenced()
    {
        lock (_sequenced)
        {
            return [.. _sequenced];
        }
    }

    private Task Write(object e, RoomSequence sequence)
    {
        lock (_sequenced)
        {
            _sequenced.Add((e, sequence));
        }
        return Write(e);
    }

    private Task Write(object e)
    {
        _events.Writer.TryWrite(e);
        return Task.CompletedTask;
    }
}

/// <summary>What <see cref="TestGroupObserver"/> records for <see cref="IGroupObserver.OnMovedAsync"/>.</summary>
public sealed record RoomMoved(long Gid);
