using Convene.Actors;
using Convene.Grains.Groups;
using Microsoft.Extensions.Logging;

namespace Convene.Grains.Streams;

/// <summary>
/// A published stream's live state. Kept in memory only (a stream lives while its publisher is
/// connected); while published the activation is kept alive so that the state is not lost to idle collection.
/// </summary>
public sealed class StreamGrain(ILogger<StreamGrain> logger) : Grain, IStreamGrain
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromDays(1);
    private readonly Dictionary<string, (SubscriberInfo Info, GatewayRef Gateway)> _subscribers = new(StringComparer.Ordinal);
    private StreamInfo? _stream;
    private GatewayRef? _publisher;

    /// <inheritdoc />
    public Task<StreamInfo?> GetAsync() => Task.FromResult(_stream);

    /// <inheritdoc />
    public Task StartAsync(StreamInfo stream, GatewayRef publisher)
    {
        _stream = stream with { AudioMuted = _stream?.AudioMuted ?? stream.AudioMuted, VideoMuted = _stream?.VideoMuted ?? stream.VideoMuted, Talking = false };
        _publisher = publisher;
        DelayDeactivation(KeepAlive);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<StreamInfo?> SetMuteAsync(bool audioMuted, bool videoMuted)
    {
        if (_stream is null) return null;
        if (_stream.AudioMuted == audioMuted && _stream.VideoMuted == videoMuted) return _stream;
        _stream = _stream with { AudioMuted = audioMuted, VideoMuted = videoMuted };
        await NotifySubscribersAsync(StreamEventKind.Mute, flag: true);
        return _stream;
    }

    /// <inheritdoc />
    public async Task SetTalkingAsync(bool talking)
    {
        if (_stream is null || _stream.Talking == talking) return;
        _stream = _stream with { Talking = talking };
        await NotifySubscribersAsync(StreamEventKind.Talking, talking);
    }

    /// <inheritdoc />
    public async Task<StreamInfo?> SubscribeAsync(SubscriberInfo subscriber, GatewayRef gateway)
    {
        if (_stream is null) return null;
        _subscribers[subscriber.Address] = (subscriber, gateway);
        await NotifyPublisherAsync(subscriber, joined: true);
        return _stream;
    }

    /// <inheritdoc />
    public async Task UnsubscribeAsync(string address)
    {
        if (!_subscribers.Remove(address, out var removed) || _stream is null) return;
        await NotifyPublisherAsync(removed.Info, joined: false);
    }

    /// <inheritdoc />
    public async Task NotifyConnectedAsync(string address, bool connected)
    {
        if (_stream is null) return;
        var gateway = address == _stream.Address ? _publisher : _subscribers.TryGetValue(address, out var s) ? s.Gateway : null;
        if (gateway is not null) await SendAsync(gateway, new StreamEvent(StreamEventKind.Connected, [address], _stream, connected));
    }

    /// <inheritdoc />
    public async Task EndAsync(string reason)
    {
        if (_stream is null) return;
        await NotifySubscribersAsync(StreamEventKind.Hangup, flag: true, reason);
        _stream = null;
        _publisher = null;
        _subscribers.Clear();
        DelayDeactivation(TimeSpan.Zero);
        DeactivateOnIdle();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SubscriberInfo>> GetSubscribersAsync() =>
        Task.FromResult<IReadOnlyList<SubscriberInfo>>([.. _subscribers.Values.Select(s => s.Info)]);

    private Task NotifyPublisherAsync(SubscriberInfo subscriber, bool joined) =>
        _publisher is null ? Task.CompletedTask
            : SendAsync(_publisher, new StreamEvent(StreamEventKind.Subscriber, [_stream!.Address], _stream, joined, subscriber));

    /// <summary>One call per gateway, naming that gateway's subscribers.</summary>
    private async Task NotifySubscribersAsync(StreamEventKind kind, bool flag, string? reason = null)
    {
        foreach (var group in _subscribers.Values.GroupBy(s => s.Gateway.GatewayId))
        {
            var recipients = group.Select(s => s.Info.Address).ToArray();
            await SendAsync(group.First().Gateway, new StreamEvent(kind, recipients, _stream!, flag, Reason: reason));
        }
    }

    private async Task SendAsync(GatewayRef gateway, StreamEvent e)
    {
        try
        {
            await gateway.Observer.OnStreamEventAsync(e);
        }
        catch (GrainUnavailableException)
        {
            // That gateway is gone: its users' connections are gone with it.
            logger.LogInformation("Gateway {Gateway} is gone; dropping its subscribers of {Stream}", gateway.GatewayId, this.GetPrimaryKeyString());
            foreach (var address in _subscribers.Where(s => s.Value.Gateway.GatewayId == gateway.GatewayId).Select(s => s.Key).ToList())
            {
                _subscribers.Remove(address);
            }
        }
    }
}
