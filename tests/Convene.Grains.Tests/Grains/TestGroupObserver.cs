using System.Threading.Channels;
using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Streams;

namespace Convene.Grains.Tests.Grains;

/// <summary>Plays a gateway: records every event a group or user grain pushes.</summary>
public sealed class TestGroupObserver : IGroupObserver, IUserObserver
{
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>();

    public Task OnMessageAsync(GroupMessageEvent e) => Write(e);

    public Task OnPublisherAsync(PublisherEvent e) => Write(e);

    public Task OnMemberChangedAsync(MemberChangedEvent e) => Write(e);

    public Task OnGroupDeletedAsync(GroupDeletedEvent e) => Write(e);

    public Task OnDirectMessageAsync(DirectMessageEvent e) => Write(e);

    public Task OnStreamEventAsync(StreamEvent e) => Write(e);

    public Task OnAccessRevokedAsync(string address) => Write(address);

    /// <summary>The next event of type <typeparamref name="T"/> matching <paramref name="match"/>; other events are skipped.</summary>
    public async Task<T> NextAsync<T>(string expected, Func<T, bool>? match = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var skipped = new List<object>();
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(cts.Token);
                if (e is T t && (match is null || match(t)))
                {
                    return t;
                }
                skipped.Add(e);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"expected {expected} within {timeout ?? TimeSpan.FromSeconds(5)}; saw instead: [{string.Join("; ", skipped)}]");
        }
    }

    private Task Write(object e)
    {
        _events.Writer.TryWrite(e);
        return Task.CompletedTask;
    }
}
