using Convene.Media.Rtcp;

namespace Convene.Media.Relay;

/// <summary>
/// The room on the socket loop's timer (reports, REMB, talking, failed peers) and its peers' DTLS outcome (connected:
/// SRTP keys, subscriptions started, <see cref="PeerStateChanged"/>).
/// </summary>
internal sealed partial class RoomRelay
{
    /// <summary>
    /// On the loop (timer): RTCP reports when <paramref name="reports"/>, NACK retries to publishers that fell due between
    /// packets, REMB for the bitrate cap, the end of talking when audio stopped, and peers whose consent expired.
    /// </summary>
    public void OnTick(bool reports, Span<byte> scratch)
    {
        if (reports)
        {
            Router.SendReports();
        }

        Router.OnTick();

        int roomKbps = Settings.MaxBitrateKbps;
        var limits = Volatile.Read(ref _limits);
        foreach (var stream in Volatile.Read(ref _streamSnapshot))
        {
            if (stream.Audio is { AudioLevel: { } detector } audio)
            {
                detector.Update(audio.Elapsed);
            }

            stream.UpdateLayers(_layerLiveness);

            int maxKbps = limits.Count == 0 || !limits.TryGetValue(stream.Publisher.Participant, out var own)
                ? roomKbps
                : own.EffectiveBitrateKbps(roomKbps);
            if (reports && maxKbps > 0 && stream.Video is { } video)
            {
                // draft-alvestrand-rmcat-remb §2: the publisher keeps its video under the room's (or its own) cap.
                ReadOnlySpan<uint> ssrcs = [video.Info.Ssrc];
                int length = ReceiverEstimatedMaxBitrate.Write(scratch, _routerOptions.RtcpSenderSsrc, (ulong)maxKbps * 1000, ssrcs);
                stream.Publisher.SendRtcp(scratch[..length]);
            }

            CheckFailed(stream.Publisher);
        }

        foreach (var subscription in Volatile.Read(ref _subscriptionSnapshot))
        {
            CheckFailed(subscription.Peer);
        }
    }

    public void OnTalking(PublishedStream stream, bool talking)
    {
        if (stream.AudioMuted)
        {
            return; // muting reported the end of talking; unmuting reports its start again
        }

        _events.Post(() => TalkingChanged?.Invoke(stream.StreamKey, talking));
    }

    private void CheckFailed(RelayPeer peer)
    {
        if (!peer.IsClosed && !peer.FailureReported && (peer.Peer.IsClosed || peer.Peer.IsConsentExpired))
        {
            peer.TryReport(connected: false, () => _events.Post(() => PeerStateChanged?.Invoke(peer.Participant, peer.StreamKey, false)));
        }
    }

    /// <summary>Attaches a connected subscription to its stream, unless it was closed or replaced meanwhile.</summary>
    private void Start(Subscription subscription)
    {
        lock (_gate)
        {
            var key = (subscription.Peer.Participant, subscription.Peer.StreamKey);
            if (_subscriptions.TryGetValue(key, out var current) && current == subscription)
            {
                subscription.Stream.Add(subscription); // a video down-track waits for a keyframe and asks for one (PLI)
            }
        }
    }

    private void Watch(RelayPeer peer, Action? onConnected = null)
    {
        peer.Peer.DtlsConnected.ContinueWith(
            t =>
            {
                if (peer.IsClosed)
                {
                    return;
                }

                if (t.IsCompletedSuccessfully)
                {
                    _relay.OnLoop(() => peer.GetSrtp()); // keys ready before the first packet to send
                    onConnected?.Invoke();
                    peer.TryReport(connected: true, () => _events.Post(() => PeerStateChanged?.Invoke(peer.Participant, peer.StreamKey, true)));
                }
                else
                {
                    peer.TryReport(connected: false, () => _events.Post(() => PeerStateChanged?.Invoke(peer.Participant, peer.StreamKey, false)));
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }
}
