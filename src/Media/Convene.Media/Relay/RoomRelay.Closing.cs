using Convene.Media.Routing;

namespace Convene.Media.Relay;

/// <summary>Closing the room, its publications and subscriptions: peers, down-tracks, SSRCs and track buffers.</summary>
internal sealed partial class RoomRelay
{
    /// <summary>Closes every peer and removes the room from the relay.</summary>
    public void Dispose()
    {
        PublishedStream[] streams;
        Subscription[] subscriptions;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            streams = [.. _streams.Values];
            subscriptions = [.. _subscriptions.Values];
            _streams.Clear();
            _subscriptions.Clear();
            UpdateSnapshotsLocked();
        }

        Close(null, subscriptions);
        foreach (var stream in streams)
        {
            Close(stream, []);
        }

        _relay.OnRoomClosed(this);
        _relay.OnLoop(Router.Dispose);
    }

    private void ThrowIfClosed(RelayPeer peer)
    {
        if (_closed)
        {
            peer.Close();
            throw new MediaRelayException($"Room '{RoomId}' is closed.");
        }
    }

    private Subscription[] RemoveSubscriptionsLocked(Func<Subscription, bool> match)
    {
        var removed = _subscriptions.Where(kv => match(kv.Value)).ToList();
        foreach (var (key, _) in removed)
        {
            _subscriptions.Remove(key);
        }

        return [.. removed.Select(kv => kv.Value)];
    }

    /// <summary>Closes a publication and subscriptions, outside <c>_gate</c>.</summary>
    private void Close(PublishedStream? stream, Subscription[] subscriptions)
    {
        foreach (var subscription in subscriptions)
        {
            subscription.Detach(Router);
            subscription.Stream.Remove(subscription);
            subscription.Peer.Close();
            _relay.ReleaseSsrc(subscription.AudioOptions?.Ssrc);
            _relay.ReleaseSsrc(subscription.VideoOptions?.Ssrc);
            _relay.ReleaseSsrc(subscription.VideoOptions is { RtxSsrc: not 0 and var rtxSsrc } ? rtxSsrc : null);
        }

        if (stream is not null)
        {
            Release(stream, stream.Unregister());
        }
    }

    /// <summary>Closes an unregistered publication's peer and returns its tracks' buffers on the loop.</summary>
    private void Release(PublishedStream stream, TrackReceiver[] receivers)
    {
        stream.Publisher.Close();
        _relay.OnLoop(() =>
        {
            foreach (var receiver in receivers)
            {
                receiver.Dispose();
            }
        });
    }
}
