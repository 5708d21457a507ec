using System.Text;
using Convene.Media.Routing;
using Convene.Media.Rtp;

namespace Convene.Media.Relay;

/// <summary>
/// One publication: the publisher's peer and its audio and video tracks in the room's router. Tracks whose SSRC the
/// offer announced are registered at once; a simulcast video layer is registered by the socket loop when its first
/// packet names the forwarded rid (<see cref="TryLearn"/>). Subscriptions attach to each track as it appears.
/// </summary>
internal sealed class PublishedStream
{
    private readonly RoomRelay _room;
    private readonly PublishedTrackSpec? _pendingVideo;
    private readonly byte[] _pendingRid;
    private TrackReceiver? _audio;
    private TrackReceiver? _video;
    private uint[] _ssrcs = [];
    private Subscription[] _subscriptions = [];

    public PublishedStream(RoomRelay room, RelayPeer publisher, IReadOnlyList<PublishedTrackSpec> tracks)
    {
        _room = room;
        Publisher = publisher;
        Tracks = tracks;
        _pendingVideo = tracks.FirstOrDefault(t => t.Rid is not null);
        _pendingRid = _pendingVideo?.Rid is { } rid ? Encoding.ASCII.GetBytes(rid) : [];
        HasAudio = tracks.Any(t => t.Info.Kind == MediaKind.Audio);
        HasVideo = tracks.Any(t => t.Info.Kind == MediaKind.Video);
    }

    public RelayPeer Publisher { get; }

    public IReadOnlyList<PublishedTrackSpec> Tracks { get; }

    public string StreamKey => Publisher.StreamKey;

    public bool HasAudio { get; }

    public bool HasVideo { get; }

    public volatile bool AudioMuted;

    public volatile bool VideoMuted;

    public TrackReceiver? Audio => Volatile.Read(ref _audio);

    public TrackReceiver? Video => Volatile.Read(ref _video);

    public Subscription[] Subscriptions => Volatile.Read(ref _subscriptions);

    /// <summary>Registers the tracks whose SSRC is known. Throws <see cref="MediaRelayException"/> on an SSRC clash.</summary>
    public void RegisterKnownTracks()
    {
        foreach (var track in Tracks.Where(t => t.Info.Ssrc != 0))
        {
            Register(track.Info);
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
    /// On the socket loop: registers the simulcast video layer when <paramref name="packet"/> carries its rid
    /// (RFC 8852 §3); false for other layers and unknown SSRCs.
    /// </summary>
    public bool TryLearn(uint ssrc, ReadOnlySpan<byte> packet)
    {
        if (_pendingVideo is null || Video is not null
            || !RtpHeaderExtensions.TryGet(packet, _pendingVideo.RidExtensionId, out ReadOnlySpan<byte> rid)
            || !rid.SequenceEqual(_pendingRid))
        {
            return false;
        }

        try
        {
            Register(_pendingVideo.Info with { Ssrc = ssrc });
            return true;
        }
        catch (MediaRelayException)
        {
            return false;
        }
    }

    /// <summary>Adds a subscription and attaches it to the tracks that exist.</summary>
    public void Add(Subscription subscription)
    {
        lock (this)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        Attach(subscription, Audio);
        Attach(subscription, Video);
    }

    public void Remove(Subscription subscription)
    {
        lock (this)
        {
            _subscriptions = [.. _subscriptions.Where(s => s != subscription)];
        }
    }

    /// <summary>Unregisters the tracks from the router; returns the receivers to dispose on the loop.</summary>
    public TrackReceiver[] Unregister()
    {
        TrackReceiver?[] receivers = [Interlocked.Exchange(ref _audio, null), Interlocked.Exchange(ref _video, null)];
        Volatile.Write(ref _ssrcs, []);
        var removed = receivers.OfType<TrackReceiver>().ToArray();
        foreach (var receiver in removed)
        {
            _room.Router.RemoveTrack(receiver);
        }

        return removed;
    }

    private void Register(TrackInfo info)
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

        lock (this)
        {
            _ssrcs = [.. _ssrcs, info.Ssrc];
        }

        // Publish the receiver before reading the subscriptions; Add writes the subscription before reading the
        // receivers (both full fences), so each subscription is attached by one side or the other.
        if (info.Kind == MediaKind.Audio)
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
        if (receiver is not null)
        {
            subscription.Attach(_room.Router, receiver, this, _room.Settings);
        }
    }
}
