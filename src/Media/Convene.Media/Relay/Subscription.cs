using Convene.Media.Routing;

namespace Convene.Media.Relay;

/// <summary>
/// One participant's subscription to one stream: its peer and up to two down-tracks (audio, video), created when the
/// publisher's track exists. Paused while the stream's kind is muted or switched off in the room.
/// </summary>
internal sealed class Subscription
{
    private readonly Lock _lock = new();
    private DownTrack? _audio;
    private DownTrack? _video;
    private bool _closed;
    private volatile bool _videoSuspended;
    private volatile LayerPreference _preference = LayerPreference.None;

    public Subscription(RelayPeer peer, PublishedStream stream, DownTrackOptions? audio, DownTrackOptions? video)
    {
        Peer = peer;
        Stream = stream;
        AudioOptions = audio;
        VideoOptions = video;
    }

    public RelayPeer Peer { get; }

    public PublishedStream Stream { get; }

    public DownTrackOptions? AudioOptions { get; }

    public DownTrackOptions? VideoOptions { get; }

    public DownTrack? Audio => Volatile.Read(ref _audio);

    public DownTrack? Video => Volatile.Read(ref _video);

    /// <summary>The subscriber's simulcast layer preference.</summary>
    public LayerPreference Preference
    {
        get => _preference;
        set => _preference = value;
    }

    /// <summary>Bandwidth-driven simulcast layer choice (the relay's timer only).</summary>
    public LayerSelector Layers { get; } = new();

    /// <summary>True while video is held back because not even the lowest layer fits the subscriber's link.</summary>
    public bool VideoSuspended => _videoSuspended;

    /// <summary>Holds back (true) or lets through (false) video for lack of bandwidth; audio is unaffected.</summary>
    public void SuspendVideo(bool suspended, PublishedStream stream, RoomMediaSettings settings)
    {
        if (_videoSuspended != suspended)
        {
            _videoSuspended = suspended;
            ApplyPause(stream, settings);
        }
    }

    /// <summary>Creates the down-track for <paramref name="receiver"/> once (any thread, or the loop for simulcast).</summary>
    public void Attach(MediaRouter router, TrackReceiver receiver, PublishedStream stream, RoomMediaSettings settings)
    {
        bool audio = receiver.Info.Kind == MediaKind.Audio;
        DownTrackOptions? options = audio ? AudioOptions : VideoOptions;
        if (options is null)
        {
            return;
        }

        lock (_lock)
        {
            if (_closed || (audio ? _audio : _video) is not null)
            {
                return;
            }

            DownTrack downTrack = router.Subscribe(receiver, options, Peer);
            if (audio)
            {
                _audio = downTrack;
            }
            else
            {
                _video = downTrack;
            }

            ApplyPause(stream, settings);
        }
    }

    /// <summary>Moves the video down-track to another simulcast layer; the switch happens on that layer's keyframe.</summary>
    public void SwitchVideo(MediaRouter router, TrackReceiver layer)
    {
        lock (_lock)
        {
            if (!_closed && _video is { } downTrack)
            {
                router.SwitchReceiver(downTrack, layer);
            }
        }
    }

    /// <summary>Pauses or resumes each down-track from the stream's mute state and the room's settings.</summary>
    public void ApplyPause(PublishedStream stream, RoomMediaSettings settings)
    {
        Set(Audio, stream.AudioMuted || !settings.Audio);
        Set(Video, stream.VideoMuted || !settings.Video || _videoSuspended);
    }

    /// <summary>Removes the down-tracks from the router; further attaches are ignored.</summary>
    public void Detach(MediaRouter router)
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var downTrack in (ReadOnlySpan<DownTrack?>)[_audio, _video])
            {
                if (downTrack is not null)
                {
                    router.Unsubscribe(downTrack);
                }
            }

            _audio = null;
            _video = null;
        }
    }

    private static void Set(DownTrack? downTrack, bool paused)
    {
        if (downTrack is null)
        {
            return;
        }

        if (paused)
        {
            downTrack.Pause();
        }
        else
        {
            downTrack.Resume();
        }
    }
}
