using Convene.Media.Routing;
using Convene.Media.Sdp;

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

    private void UpdateSnapshotsLocked()
    {
        Volatile.Write(ref _streamSnapshot, [.. _streams.Values]);
        Volatile.Write(ref _subscriptionSnapshot, [.. _subscriptions.Values]);
    }
}
