namespace Convene.Media.Relay;

/// <summary>
/// The media of one active group call. Every publish and every subscribe is its own peer connection (its own ICE
/// credentials, DTLS association and SRTP keys) on the relay's one port. Methods are thread-safe and return quickly:
/// they hand their changes to the socket loop and never wait for it. Events are raised off the socket loop, in order,
/// on a thread-pool thread; handlers must not block for long. Disposing closes every peer of the room.
/// </summary>
public interface IRoomRelay : IDisposable
{
    /// <summary>Raised when a published stream's audio starts or stops being "talking" (RFC 6464 audio level).</summary>
    event Action<string, bool>? TalkingChanged;

    /// <summary>
    /// Raised with (participant, streamKey, connected): true when a peer's DTLS handshake completed, false when it
    /// failed or its ICE consent expired (RFC 7675). Not raised for peers closed through this interface.
    /// </summary>
    event Action<string, string, bool>? PeerStateChanged;

    /// <summary>
    /// Raised with (streamKey, layers) for a simulcast publication: how many of its layers, lowest first, some
    /// subscriber would take ("dynacast" — the publisher can pause the others). Raised when the number settles: at
    /// once when it grows, after 3 s when it shrinks; at least 1.
    /// </summary>
    event Action<string, int>? LayersWanted;

    /// <summary>The room id.</summary>
    string RoomId { get; }

    /// <summary>The current settings.</summary>
    RoomMediaSettings Settings { get; }

    /// <summary>
    /// Accepts a publisher's offer (its sendonly audio and/or video) as stream <paramref name="streamKey"/> and returns
    /// the answer SDP. Publishing an already published key replaces the previous publication.
    /// </summary>
    /// <exception cref="MediaRelayException">The offer is unusable (unparsable, no ICE credentials or fingerprint,
    /// no Opus or VP8 track to publish) or the room is closed.</exception>
    string Publish(string participant, string streamKey, string offerSdp);

    /// <summary>
    /// Accepts a subscriber's recvonly offer for stream <paramref name="streamKey"/> and returns the answer, which
    /// declares our SSRCs (sendonly, msid) in the subscriber's mids. Only the kinds asked for are forwarded.
    /// Subscribing again replaces the previous subscription of that participant to that stream.
    /// </summary>
    /// <exception cref="MediaRelayException">The stream is not published, the offer is unusable, or the room is closed.</exception>
    string Subscribe(string participant, string streamKey, bool audio, bool video, string offerSdp);

    /// <summary>Ends a subscription and closes its peer; nothing happens when there is none.</summary>
    void Unsubscribe(string participant, string streamKey);

    /// <summary>Ends a publication: its peer is closed and its subscribers' down-tracks end (their peers close).</summary>
    void Unpublish(string streamKey);

    /// <summary>Stops (true) or resumes (false) forwarding a stream's audio and video; video resumes on a keyframe.</summary>
    void SetMuted(string streamKey, bool audioMuted, bool videoMuted);

    /// <summary>Closes every peer of the participant: its publications and its subscriptions.</summary>
    void RemoveParticipant(string participant);

    /// <summary>Applies new settings: kinds switched off stop being forwarded; the bitrate cap is sent as REMB.</summary>
    void UpdateSettings(RoomMediaSettings settings);

    /// <summary>
    /// Sets limits on a participant's published video, now and for what it publishes later (they outlive its
    /// publications); <see cref="MediaLimits.None"/> lifts them.
    /// </summary>
    void SetPublisherLimits(string participant, MediaLimits limits);

    /// <summary>The limits set for a participant, or <see cref="MediaLimits.None"/>.</summary>
    MediaLimits GetPublisherLimits(string participant);

    /// <summary>
    /// Sets which simulcast layer a subscriber wants of a stream (kept for later subscriptions of that participant to
    /// that stream); <see cref="LayerPreference.None"/> lets limits and bandwidth decide. The switch happens on the
    /// chosen layer's next keyframe. Streams without simulcast ignore it.
    /// </summary>
    void SetPreferredLayer(string participant, string streamKey, LayerPreference preference);
}
