using System.Text;
using Convene.Media.Routing;

namespace Convene.Media.Relay;

/// <summary>
/// One publication: the publisher's peer and its audio and video tracks in the room's router. Tracks whose SSRC the
/// offer announced are registered at once. With simulcast (RFC 8853), each layer is registered by the socket loop when
/// its first packet names its rid (<see cref="TryLearn"/>); subscribers get the highest layer seen so far and move up,
/// on the new layer's keyframe, when a higher one appears. Subscriptions attach to each track as it appears.
/// </summary>
internal sealed partial class PublishedStream
{
    private readonly RoomRelay _room;
    private readonly Lock _lock = new();
    private readonly PublishedTrackSpec? _simulcast;
    private readonly byte[][] _rids;
    private readonly TrackReceiver?[] _layers;
    private readonly long[] _layerCounts;
    private readonly long[] _layerSeen;
    private int _bestLayer = -1;
    private TrackReceiver? _audio;
    private TrackReceiver? _video;
    private readonly List<TrackReceiver> _registered = [];
    private uint[] _ssrcs = [];
    private Subscription[] _subscriptions = [];
    private volatile bool _audioMuted;
    private volatile bool _videoMuted;

    public PublishedStream(RoomRelay room, RelayPeer publisher, IReadOnlyList<PublishedTrackSpec> tracks)
    {
        _room = room;
        Publisher = publisher;
        Tracks = tracks;
        _simulcast = tracks.FirstOrDefault(t => t.Rids is not null);
        _rids = _simulcast?.Rids?.Select(Encoding.ASCII.GetBytes).ToArray() ?? [];
        _layers = new TrackReceiver?[_rids.Length];
        _layerCounts = new long[_rids.Length];
        _layerSeen = new long[_rids.Length];
        _layerLive = new bool[_rids.Length];
        _layerBytes = new long[_rids.Length];
        _layerBitrates = new long[_rids.Length];
        HasAudio = tracks.Any(t => t.Info.Kind == MediaKind.Audio);
        HasVideo = tracks.Any(t => t.Info.Kind == MediaKind.Video);
    }

    public RelayPeer Publisher { get; }

    public IReadOnlyList<PublishedTrackSpec> Tracks { get; }

    public string StreamKey => Publisher.StreamKey;

    public bool HasAudio { get; }

    public bool HasVideo { get; }

    public bool AudioMuted
    {
        get => _audioMuted;
        set => _audioMuted = value;
    }

    public bool VideoMuted
    {
        get => _videoMuted;
        set => _videoMuted = value;
    }

    public TrackReceiver? Audio => Volatile.Read(ref _audio);

    public TrackReceiver? Video => Volatile.Read(ref _video);

    public Subscription[] Subscriptions => Volatile.Read(ref _subscriptions);

    /// <summary>Registers the tracks whose SSRC is known. Throws <see cref="MediaRelayException"/> on an SSRC clash.</summary>
    public void RegisterKnownTracks()
    {
        foreach (var track in Tracks.Where(t => t.Info.Ssrc != 0))
        {
            Promote(Register(track.Info));
        }
    }

    /// <summary>True when <paramref name="ssrc"/> is one of this publication's registered tracks. Loop, no allocation.</summary>
    public bool Owns(uint ssrc)
    {
        uint[] ssrcs = Volatile.Read(ref _ssrcs);
        for (int i = 0; i < ssrcs.Length; i++)
        {
            if (ssrcs[i] == ssrc)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// On the loop (timer): forwards the highest simulcast layer that received packets within
    /// <paramref name="liveness"/> — down when the current one stops (the sender paused it), up when a higher one
    /// resumes. Each switch takes effect on the new layer's keyframe.
    /// </summary>
    public void UpdateLayers(TimeSpan liveness)
    {
        if (_simulcast is null)
        {
            return;
        }

        int best = -1;
        for (int i = 0; i < _layers.Length; i++)
        {
            if (_layers[i] is not { } layer)
            {
                continue;
            }

            if (layer.PacketsReceived != _layerCounts[i])
            {
                _layerCounts[i] = layer.PacketsReceived;
                _layerSeen[i] = _room.TimeProvider.GetTimestamp();
            }

            _layerLive[i] = _room.TimeProvider.GetElapsedTime(_layerSeen[i]) < liveness;
            if (_layerLive[i])
            {
                best = i;
            }
        }

        MeasureLayers();
        UpdateWanted();
        if (best >= 0 && best != _bestLayer)
        {
            SelectLayer(best);
        }
        else
        {
            ReselectAll();
        }
    }

    private void SelectLayer(int layer)
    {
        TrackReceiver receiver = _layers[layer]!;
        TrackReceiver? previous = Video;
        _bestLayer = layer;
        Promote(receiver);
        if (previous is not null)
        {
            ReselectAll();
        }
    }

    /// <summary>Adds a subscription and attaches it to the tracks that exist.</summary>
    public void Add(Subscription subscription)
    {
        lock (_lock)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        Attach(subscription, Audio);
        Attach(subscription, Video);
    }

    public void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            _subscriptions = [.. _subscriptions.Where(s => s != subscription)];
        }
    }

    /// <summary>Unregisters the tracks from the router; returns the receivers to dispose on the loop.</summary>
    public TrackReceiver[] Unregister()
    {
        TrackReceiver[] removed;
        lock (_lock)
        {
            removed = [.. _registered];
            _registered.Clear();
        }

        Interlocked.Exchange(ref _audio, null);
        Interlocked.Exchange(ref _video, null);
        Volatile.Write(ref _ssrcs, []);
        foreach (var receiver in removed)
        {
            _room.Router.RemoveTrack(receiver);
        }

        return removed;
    }

    private TrackReceiver Register(TrackInfo info)
    {
        TrackReceiver receiver;
        try
        {
            receiver = _room.Router.AddTrack(info, Publisher);
        }
        catch (InvalidOperationException ex)
        {
            throw new MediaRelayException($"Stream '{StreamKey}': {ex.Message}", ex);
        }

        if (info.Kind == MediaKind.Audio && info.AudioLevelExtensionId != 0)
        {
            receiver.AudioLevel = new AudioLevelDetector(talking => _room.OnTalking(this, talking));
        }

        lock (_lock)
        {
            _registered.Add(receiver);
            _ssrcs = info.RtxSsrc != 0 ? [.. _ssrcs, info.Ssrc, info.RtxSsrc] : [.. _ssrcs, info.Ssrc];
        }

        return receiver;
    }

    /// <summary>Makes <paramref name="receiver"/> the track new subscriptions attach to, and attaches waiting ones.</summary>
    private void Promote(TrackReceiver receiver)
    {
        // Publish the receiver before reading the subscriptions; Add writes the subscription before reading the
        // receivers (both full fences), so each subscription is attached by one side or the other.
        if (receiver.Info.Kind == MediaKind.Audio)
        {
            Interlocked.Exchange(ref _audio, receiver);
        }
        else
        {
            Interlocked.Exchange(ref _video, receiver);
        }

        foreach (var subscription in Subscriptions)
        {
            Attach(subscription, receiver);
        }
    }

    private void Attach(Subscription subscription, TrackReceiver? receiver)
    {
        if (_simulcast is not null && receiver is { Info.Kind: MediaKind.Video })
        {
            receiver = InitialLayer(subscription) ?? receiver; // within the publisher's limits and the subscriber's preference
        }

        if (receiver is not null)
        {
            subscription.Attach(_room.Router, receiver, this, _room.Settings);
        }
    }
}
