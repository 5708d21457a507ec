using System.Security.Cryptography;
using Convene.Media.Routing;
using Convene.Media.Rtcp;
using Convene.Media.Sdp;
using Convene.Media.Transport;

namespace Convene.Media.Relay;

/// <summary>
/// The media of one room: its <see cref="MediaRouter"/> and the peers of its publications and subscriptions.
/// Management runs on the caller's thread under <c>_gate</c> and reaches the router through its copy-on-write
/// methods; what must run on the socket loop (disposing receivers and SRTP sessions) goes through
/// <see cref="MediaRelay.OnLoop"/> after <c>_gate</c> is released, so the loop never waits for management.
/// </summary>
internal sealed partial class RoomRelay : IRoomRelay
{
    private readonly MediaRelay _relay;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PublishedStream> _streams = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Participant, string StreamKey), Subscription> _subscriptions = new();
    private readonly EventDispatcher _events = new();
    private readonly RouterOptions _routerOptions;
    private readonly OfferNegotiator _negotiator;
    private static readonly TimeSpan _layerLiveness = TimeSpan.FromSeconds(2); // > a slow screen share's frame interval
    private PublishedStream[] _streamSnapshot = [];
    private Subscription[] _subscriptionSnapshot = [];
    private RoomMediaSettings _settings;
    private Dictionary<string, MediaLimits> _limits = new(StringComparer.Ordinal); // copy-on-write: read by the loop
    private bool _closed;

    public RoomRelay(MediaRelay relay, string roomId, RoomMediaSettings settings)
    {
        _relay = relay;
        RoomId = roomId;
        _settings = settings;
        _routerOptions = new RouterOptions { NackUpstream = relay.LossRecovery, PlayoutDelayUnderLoss = relay.PlayoutDelayUnderLoss };
        Router = new MediaRouter(_routerOptions, relay.TimeProvider);
        _negotiator = new OfferNegotiator(relay);
    }

    /// <inheritdoc />
    public event Action<string, bool>? TalkingChanged;

    /// <inheritdoc />
    public event Action<string, string, bool>? PeerStateChanged;

    /// <inheritdoc />
    public string RoomId { get; }

    /// <inheritdoc />
    public RoomMediaSettings Settings => Volatile.Read(ref _settings);

    public MediaRouter Router { get; }

    public TimeProvider TimeProvider => _relay.TimeProvider;

    /// <summary>The current publications (a snapshot).</summary>
    public IReadOnlyList<PublishedStream> Streams => Volatile.Read(ref _streamSnapshot);

    public int PeerCount => Volatile.Read(ref _streamSnapshot).Length + Volatile.Read(ref _subscriptionSnapshot).Length;

    /// <inheritdoc />
    public string Publish(string participant, string streamKey, string offerSdp)
    {
        OfferNegotiator.Require(participant, nameof(participant));
        OfferNegotiator.Require(streamKey, nameof(streamKey));
        if (!VideoCodecs.TryParse(Settings.VideoCodecs, out var videoCodecs, out var codecError))
        {
            throw new MediaRelayException($"The room's video codecs are not valid: {codecError}.");
        }

        var accepted = _negotiator.Accept(offerSdp, "publish", null, videoCodecs);
        var tracks = OfferReader.ReadPublished(accepted.Offer, videoCodecs, _relay.LossRecovery);
        if (tracks.Count == 0)
        {
            accepted.Peer.Dispose();
            throw new MediaRelayException($"The publish offer sends no usable track: it needs a sendonly audio section with Opus 48000/2 or a video section with one of the room's video codecs ({Settings.VideoCodecs}), each with a=ssrc (or simulcast rids with the rtp-stream-id extension).");
        }

        var peer = new RelayPeer(_relay, this, accepted.Peer, participant, streamKey, isPublisher: true);
        var stream = new PublishedStream(this, peer, tracks);
        peer.Publication = stream;
        PublishedStream? replaced = null;
        TrackReceiver[] replacedTracks = [];
        Subscription[] orphaned = [];
        MediaRelayException? clash = null;
        lock (_gate)
        {
            ThrowIfClosed(peer);
            if (_streams.Remove(streamKey, out replaced))
            {
                // Out of the router first: a browser republishing (renegotiating) keeps its SSRCs.
                replacedTracks = replaced.Unregister();
                orphaned = RemoveSubscriptionsLocked(s => s.Peer.StreamKey == streamKey);
            }

            try
            {
                stream.RegisterKnownTracks();
                _streams[streamKey] = stream;
            }
            catch (MediaRelayException ex)
            {
                clash = ex;
            }

            UpdateSnapshotsLocked();
        }

        Close(null, orphaned);
        if (replaced is not null)
        {
            Release(replaced, replacedTracks);
        }

        if (clash is not null)
        {
            Release(stream, stream.Unregister());
            throw clash;
        }

        Watch(peer);
        return accepted.AnswerSdp;
    }

    /// <inheritdoc />
    public string Subscribe(string participant, string streamKey, bool audio, bool video, string offerSdp)
    {
        OfferNegotiator.Require(participant, nameof(participant));
        OfferNegotiator.Require(streamKey, nameof(streamKey));
        PublishedStream stream = Find(streamKey);
        SdpSessionDescription offer = OfferNegotiator.Parse(offerSdp, "subscribe");
        var outgoing = new Dictionary<string, SdpOutgoingStream>(StringComparer.Ordinal);
        DownTrackOptions? audioOptions = audio && stream.HasAudio ? _negotiator.Plan(offer, stream, MediaKind.Audio, outgoing) : null;
        DownTrackOptions? videoOptions = video && stream.HasVideo ? _negotiator.Plan(offer, stream, MediaKind.Video, outgoing) : null;
        var publishedVideo = stream.Tracks.FirstOrDefault(t => t.Info.Kind == MediaKind.Video);
        if (video && publishedVideo is not null && videoOptions is null && OfferReader.FindReceivingSection(offer, MediaKind.Video) is not null)
        {
            // The relay never transcodes: a subscriber receives the publisher's codec or no video.
            throw new MediaRelayException(
                $"The subscribe offer cannot receive {VideoCodecs.NameOf(publishedVideo.Info.Codec)}, the video codec of stream '{streamKey}': its video section must offer it.");
        }

        bool canReceive = (audio && OfferReader.FindReceiving(offer, MediaKind.Audio) is not null)
            || (video && OfferReader.FindReceivingSection(offer, MediaKind.Video) is not null);
        if ((audio || video) && !canReceive)
        {
            throw new MediaRelayException("The subscribe offer has no recvonly section for the requested media (Opus 48000/2 audio, or video).");
        }

        MediaCodec[] subscriberCodecs = publishedVideo is null ? VideoCodecs.DefaultOrder : [publishedVideo.Info.Codec];
        var accepted = _negotiator.Accept(offerSdp, "subscribe", outgoing, subscriberCodecs, publishedVideo?.Entry);
        var peer = new RelayPeer(_relay, this, accepted.Peer, participant, streamKey, isPublisher: false) { Congestion = NewCongestionControl(offer) };
        var subscription = new Subscription(peer, stream, audioOptions, videoOptions) { Preference = GetPreferredLayer(participant, streamKey) };
        Subscription? replaced;
        lock (_gate)
        {
            ThrowIfClosed(peer);
            if (!_streams.TryGetValue(streamKey, out var current) || current != stream)
            {
                peer.Close();
                throw new MediaRelayException($"Stream '{streamKey}' is not published in room '{RoomId}'.");
            }

            _subscriptions.Remove((participant, streamKey), out replaced);
            _subscriptions[(participant, streamKey)] = subscription;
            UpdateSnapshotsLocked();
        }

        if (replaced is not null)
        {
            Close(null, [replaced]);
        }

        // Down-tracks start once the subscriber has SRTP keys: a keyframe forwarded earlier would be lost, and the
        // subscriber's own keyframe request could then fall inside the PLI throttle.
        Watch(peer, () => Start(subscription));
        return accepted.AnswerSdp;
    }

    /// <inheritdoc />
    public void Unsubscribe(string participant, string streamKey)
    {
        Subscription? removed;
        lock (_gate)
        {
            _subscriptions.Remove((participant, streamKey), out removed);
            UpdateSnapshotsLocked();
        }

        if (removed is not null)
        {
            Close(null, [removed]);
        }
    }

    /// <inheritdoc />
    public void Unpublish(string streamKey)
    {
        PublishedStream? removed;
        Subscription[] orphaned = [];
        lock (_gate)
        {
            if (_streams.Remove(streamKey, out removed))
            {
                orphaned = RemoveSubscriptionsLocked(s => s.Peer.StreamKey == streamKey);
            }

            UpdateSnapshotsLocked();
        }

        Close(removed, orphaned);
    }

    /// <inheritdoc />
    public void SetMuted(string streamKey, bool audioMuted, bool videoMuted)
    {
        lock (_gate)
        {
            if (!_streams.TryGetValue(streamKey, out var stream))
            {
                return;
            }

            bool talking = stream.Audio?.AudioLevel?.IsTalking == true; // read off the loop: at worst one update late
            bool report = talking && audioMuted != stream.AudioMuted;
            stream.AudioMuted = audioMuted;
            stream.VideoMuted = videoMuted;
            foreach (var subscription in stream.Subscriptions)
            {
                subscription.ApplyPause(stream, Settings);
            }

            if (report)
            {
                _events.Post(() => TalkingChanged?.Invoke(streamKey, !audioMuted)); // a muted stream is not talking
            }
        }
    }

    /// <inheritdoc />
    public void RemoveParticipant(string participant)
    {
        var streams = new List<PublishedStream>();
        Subscription[] subscriptions;
        lock (_gate)
        {
            foreach (var stream in _streams.Values.Where(s => s.Publisher.Participant == participant).ToList())
            {
                _streams.Remove(stream.StreamKey);
                streams.Add(stream);
            }

            var keys = streams.Select(s => s.StreamKey).ToHashSet(StringComparer.Ordinal);
            subscriptions = RemoveSubscriptionsLocked(s => s.Peer.Participant == participant || keys.Contains(s.Peer.StreamKey));
            ForgetPreferencesLocked(participant);
            UpdateSnapshotsLocked();
        }

        Close(null, subscriptions);
        foreach (var stream in streams)
        {
            Close(stream, []);
        }
    }

    /// <inheritdoc />
    public void UpdateSettings(RoomMediaSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            Volatile.Write(ref _settings, settings);
            foreach (var stream in _streams.Values)
            {
                foreach (var subscription in stream.Subscriptions)
                {
                    subscription.ApplyPause(stream, settings);
                }
            }
        }
    }

    /// <inheritdoc />
    public void SetPublisherLimits(string participant, MediaLimits limits)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(limits);
        lock (_gate)
        {
            var next = new Dictionary<string, MediaLimits>(_limits, StringComparer.Ordinal);
            if (limits == MediaLimits.None)
            {
                next.Remove(participant);
            }
            else
            {
                next[participant] = limits;
            }

            Volatile.Write(ref _limits, next);
        }
    }

    /// <inheritdoc />
    public MediaLimits GetPublisherLimits(string participant) =>
        Volatile.Read(ref _limits).GetValueOrDefault(participant) ?? MediaLimits.None;

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

    /// <summary>
    /// On the loop (timer): RTCP reports when <paramref name="reports"/>, REMB for the bitrate cap, the end of talking
    /// when audio stopped, and peers whose consent expired.
    /// </summary>
    public void OnTick(bool reports, Span<byte> scratch)
    {
        if (reports)
        {
            Router.SendReports();
        }

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
            peer.FailureReported = true;
            _events.Post(() => PeerStateChanged?.Invoke(peer.Participant, peer.StreamKey, false));
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
                    _events.Post(() => PeerStateChanged?.Invoke(peer.Participant, peer.StreamKey, true));
                }
                else if (!peer.FailureReported)
                {
                    peer.FailureReported = true;
                    _events.Post(() => PeerStateChanged?.Invoke(peer.Participant, peer.StreamKey, false));
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }

    private PublishedStream Find(string streamKey)
    {
        lock (_gate)
        {
            if (_closed)
            {
                throw new MediaRelayException($"Room '{RoomId}' is closed.");
            }

            return _streams.TryGetValue(streamKey, out var stream)
                ? stream
                : throw new MediaRelayException($"Stream '{streamKey}' is not published in room '{RoomId}'.");
        }
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

    private void UpdateSnapshotsLocked()
    {
        Volatile.Write(ref _streamSnapshot, [.. _streams.Values]);
        Volatile.Write(ref _subscriptionSnapshot, [.. _subscriptions.Values]);
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
