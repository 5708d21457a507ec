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
        Set(Video, stream.VideoMuted || !settings.Video);
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
