using System.Globalization;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Streams;

namespace Convene.Grains.Rooms;

/// <summary>The room's streams: publish, subscribe, mute, end, and the relay's talking and connection events.</summary>
public sealed partial class RoomGrain
{
    /// <inheritdoc />
    public async Task<StreamCallResult> PublishAsync(RoomCaller caller, StreamInfo stream, string? offerSdp)
    {
        var (connection, status, error) = Admit(caller);
        if (connection is null)
        {
            return StreamCallResult.Fail(status, error);
        }
        if (stream.Gid != Gid || stream.Address != caller.Address || stream.StreamId is < 0 or > StreamKeys.MaxStreamId)
        {
            return StreamCallResult.Fail(GroupStatus.Invalid, "stream does not belong to this group and caller, or its id is out of range");
        }
        if (CheckPublish(stream) is { } refused)
        {
            return StreamCallResult.Fail(refused.Status, refused.Error);
        }
        var limits = _group.AccessOf(caller.Address, Now).Limits;
        _media.SetLimits(caller.Address, limits);
        string? answer = null;
        if (offerSdp is not null && (answer = _media.Publish(stream, offerSdp, _group.Settings.Call, out var mediaError)) is null)
        {
            return StreamCallResult.Fail(GroupStatus.Invalid, $"sdp: {mediaError}");
        }
        var key = stream.Key;
        if (_streams.TryGetValue(key, out var live))
        {
            // Republished (e.g. renegotiated): subscribers and mute state are kept.
            live.Info = stream with { AudioMuted = live.Info.AudioMuted, VideoMuted = live.Info.VideoMuted, Talking = false };
            _connections.Find(live.ConnectionId)?.Published.Remove(key);
            live.ConnectionId = connection.Id;
        }
        else
        {
            _streams[key] = live = new LiveStream(stream with { Talking = false }, connection.Id, ++_order);
            _events.Published(live.Info);
        }
        connection.Published.Add(key);
        await NotifyPublisherAsync(live.Info, active: true);
        NoteActivity();
        return new StreamCallResult(GroupStatus.Ok, null, live.Info, answer) { Limits = limits };
    }

    /// <inheritdoc />
    public async Task UnpublishAsync(RoomCaller caller, int streamId)
    {
        if (Admit(caller).Connection is not null && _streams.TryGetValue(StreamKeys.Of(Gid, caller.Address, streamId), out var stream))
        {
            await EndStreamAsync(stream, "hangup");
        }
    }

    /// <inheritdoc />
    public async Task<StreamCallResult> SubscribeAsync(RoomCaller caller, string publisher, int streamId, bool audio, bool video, string? offerSdp)
    {
        var (connection, status, error) = Admit(caller);
        if (connection is null)
        {
            return StreamCallResult.Fail(status, error);
        }
        if (_group.Refuse(Actor.User(caller.Address), Operation.Subscribe, Now) is { } refused)
        {
            return StreamCallResult.Fail(refused.Status, refused.Error);
        }
        var key = StreamKeys.Of(Gid, publisher, streamId);
        if (!_streams.TryGetValue(key, out var stream))
        {
            return StreamCallResult.Fail(GroupStatus.NotFound, $"{publisher} is not publishing stream {streamId} in this group");
        }
        var call = _group.Settings.Call;
        var subscriber = new SubscriberInfo(caller.Address, audio && call.Audio, video && call.Video);
        if (!subscriber.Audio && !subscriber.Video)
        {
            return StreamCallResult.Fail(GroupStatus.Forbidden, "this room allows neither of the requested media");
        }
        string? answer = null;
        if (offerSdp is not null && (answer = _media.Subscribe(caller.Address, key, subscriber.Audio, subscriber.Video, offerSdp, call, out var mediaError)) is null)
        {
            return StreamCallResult.Fail(GroupStatus.Invalid, $"sdp: {mediaError}");
        }
        if (stream.Subscribers.TryGetValue(caller.Address, out var previous) && previous.ConnectionId != connection.Id)
        {
            _connections.Find(previous.ConnectionId)?.Subscriptions.Remove(key);
        }
        stream.Subscribers[caller.Address] = (subscriber, connection.Id);
        connection.Subscriptions.Add(key);
        await SendStreamEventAsync([stream.Info.Address], new StreamEvent(StreamEventKind.Subscriber, [], stream.Info, true, subscriber));
        return new StreamCallResult(GroupStatus.Ok, null, stream.Info, answer);
    }

    /// <inheritdoc />
    public async Task UnsubscribeAsync(RoomCaller caller, string publisher, int streamId)
    {
        if (Admit(caller).Connection is { } connection)
        {
            await RemoveSubscriberAsync(connection, StreamKeys.Of(Gid, publisher, streamId));
        }
    }

    /// <inheritdoc />
    public Task<GroupQuery<SubscriberInfo[]>> GetSubscribersAsync(RoomCaller caller, int streamId)
    {
        var (connection, status, error) = Admit(caller);
        if (connection is null)
        {
            return Task.FromResult(GroupQuery<SubscriberInfo[]>.Fail(status, error ?? "you are not in this call"));
        }
        return Task.FromResult(_streams.TryGetValue(StreamKeys.Of(Gid, caller.Address, streamId), out var stream)
            ? new GroupQuery<SubscriberInfo[]>(GroupStatus.Ok, [.. stream.Subscribers.Values.Select(s => s.Info).OrderBy(s => s.Address, StringComparer.Ordinal)])
            : GroupQuery<SubscriberInfo[]>.Fail(GroupStatus.NotFound, $"you are not publishing stream {streamId} in this group"));
    }

    /// <inheritdoc />
    public async Task<StreamCallResult> SetMuteAsync(RoomCaller caller, int streamId, bool audioMuted, bool videoMuted)
    {
        var (connection, status, error) = Admit(caller);
        if (connection is null)
        {
            return StreamCallResult.Fail(status, error);
        }
        var key = StreamKeys.Of(Gid, caller.Address, streamId);
        if (!_streams.TryGetValue(key, out var stream))
        {
            return StreamCallResult.Fail(GroupStatus.NotFound, $"you are not publishing stream {streamId} in this group");
        }
        _media.SetMuted(key, audioMuted, videoMuted);
        if (stream.Info.AudioMuted != audioMuted || stream.Info.VideoMuted != videoMuted)
        {
            stream.Info = stream.Info with { AudioMuted = audioMuted, VideoMuted = videoMuted };
            await SendStreamEventAsync(stream.Subscribers.Keys, new StreamEvent(StreamEventKind.Mute, [], stream.Info, true));
        }
        return new StreamCallResult(GroupStatus.Ok, null, stream.Info);
    }

    /// <inheritdoc />
    public async Task OnTalkingAsync(string streamKey, bool talking)
    {
        if (_streams.TryGetValue(streamKey, out var stream) && stream.Info.Talking != talking)
        {
            stream.Info = stream.Info with { Talking = talking };
            await SendStreamEventAsync(stream.Subscribers.Keys, new StreamEvent(StreamEventKind.Talking, [], stream.Info, talking));
        }
    }

    /// <inheritdoc />
    public async Task OnMediaConnectedAsync(string address, string streamKey, bool connected)
    {
        if (_streams.TryGetValue(streamKey, out var stream) && (address == stream.Info.Address || stream.Subscribers.ContainsKey(address)))
        {
            await SendStreamEventAsync([address], new StreamEvent(StreamEventKind.Connected, [], stream.Info, connected));
        }
    }

    private StreamInfo[] Publishers() => [.. _streams.Values.OrderBy(s => s.Order).Select(s => s.Info)];

    /// <summary>Why <paramref name="stream"/> may not be published (input, permission, call settings), or null.</summary>
    private (GroupStatus Status, string Error)? CheckPublish(StreamInfo stream)
    {
        if (Limits.CheckAddress(stream.Address) is { } why)
        {
            return (GroupStatus.Invalid, $"address {why}");
        }
        if (_group.Refuse(Actor.User(stream.Address), Operation.Publish, Now) is { } refused)
        {
            return refused;
        }
        var call = _group.Settings.Call;
        if (stream.Source == StreamSource.Screen && !call.ScreenSharing)
        {
            return (GroupStatus.Forbidden, "screen sharing is disabled in this group");
        }
        if ((stream.Audio && !call.Audio) || (stream.Video && !call.Video))
        {
            return (GroupStatus.Forbidden, stream.Video && !call.Video ? "video is disabled in this group" : "audio is disabled in this group");
        }
        return MemberMediaRefusal(stream) is { } refusal ? (GroupStatus.MediaNotAllowed, refusal) : null;
    }

    /// <summary>The one way a stream ends: off the publisher list (OnPublisher false), subscribers get OnHangup, media stopped.</summary>
    private async Task EndStreamAsync(LiveStream stream, string reason)
    {
        var key = stream.Info.Key;
        _streams.Remove(key);
        _media.Unpublish(key);
        _connections.Find(stream.ConnectionId)?.Published.Remove(key);
        foreach (var (_, subscriber) in stream.Subscribers)
        {
            _connections.Find(subscriber.ConnectionId)?.Subscriptions.Remove(key);
        }
        _events.Unpublished(stream.Info, reason);
        await NotifyPublisherAsync(stream.Info, active: false);
        await SendStreamEventAsync(stream.Subscribers.Keys, new StreamEvent(StreamEventKind.Hangup, [], stream.Info, true, Reason: reason));
    }

    private async Task RemoveSubscriberAsync(RoomConnection connection, string key)
    {
        connection.Subscriptions.Remove(key);
        _media.Unsubscribe(connection.Address, key);
        if (_streams.TryGetValue(key, out var stream) && stream.Subscribers.Remove(connection.Address, out var removed))
        {
            await SendStreamEventAsync([stream.Info.Address], new StreamEvent(StreamEventKind.Subscriber, [], stream.Info, false, removed.Info));
        }
    }

    private Task NotifyPublisherAsync(StreamInfo stream, bool active)
    {
        var published = new PublishedStream(stream.Address, stream.StreamId.ToString(CultureInfo.InvariantCulture), stream.Name, stream.Source, stream.Audio, stream.Video);
        var listeners = _connections.Online.Where(a => _group.Can(a, Operation.ListParticipants, Now)).ToList();
        return SendAsync(listeners, (o, recipients, n) => o.OnPublisherAsync(new PublisherEvent(Gid, recipients, published, active), n));
    }

    /// <summary>Sends a stream event to the recipients, each gateway's copy naming its own recipients.</summary>
    private Task SendStreamEventAsync(IEnumerable<string> recipients, StreamEvent e) =>
        SendAsync(recipients, (o, addresses, n) => o.OnStreamEventAsync(e with { Recipients = addresses }, n));
}
