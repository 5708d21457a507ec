using Convene.Media.Routing;

namespace Convene.Media.Sdp;

/// <summary>Our side of an answer: ICE-lite credentials, DTLS fingerprint, the one host candidate.</summary>
public sealed class SdpAnswerOptions
{
    /// <summary>Our ICE username fragment.</summary>
    public required string IceUfrag { get; init; }

    /// <summary>Our ICE password.</summary>
    public required string IcePwd { get; init; }

    /// <summary>Our certificate's SHA-256 fingerprint ("AB:CD:...").</summary>
    public required string Fingerprint { get; init; }

    /// <summary>The address advertised in the host candidate.</summary>
    public required string CandidateAddress { get; init; }

    /// <summary>The UDP port of the transport.</summary>
    public required int CandidatePort { get; init; }

    /// <summary>
    /// The video codecs to accept, in order of preference: a video section is answered with the first of them it
    /// offers (<see cref="Sdp.VideoCodecs.Choose"/>), only that one (plus its rtx). Default VP8, VP9, H.264, AV1.
    /// </summary>
    public IReadOnlyList<MediaCodec> VideoCodecs { get; init; } = Sdp.VideoCodecs.DefaultOrder;

    /// <summary>The publisher's entry of the codec a subscriber receives (H.264: the same profile-level-id is preferred).</summary>
    public SdpCodec? VideoCodecLike { get; init; }

    /// <summary>Also accept the abs-send-time header extension.</summary>
    public bool IncludeAbsSendTime { get; init; }

    /// <summary>
    /// Also accept transport-wide congestion control: the transport-cc header extension and <c>a=rtcp-fb:PT
    /// transport-cc</c> on each codec offering it (draft-holmer-rmcat-transport-wide-cc-extensions-01 §4). Subscriber
    /// answers only: the relay stamps what it sends and reads the subscriber's feedback.
    /// </summary>
    public bool IncludeTransportCc { get; init; }

    /// <summary>
    /// Also accept the playout-delay header extension in video sections (<see cref="SdpExtensionUris.PlayoutDelay"/>).
    /// Subscriber answers only: the relay raises a lossy subscriber's playout delay so retransmissions arrive in time.
    /// </summary>
    public bool IncludePlayoutDelay { get; init; }

    /// <summary>
    /// Accept the offer's rtx payload types (RFC 4588) bound to an accepted video codec (apt): retransmissions then
    /// travel on their own SSRC in both directions. In a simulcast section only when it offers repaired-rtp-stream-id,
    /// which is then accepted too (RFC 8852 §3.2: it names the layer of each RTX SSRC). Default on.
    /// </summary>
    public bool IncludeRtx { get; init; } = true;

    /// <summary>The o= session id; random when null.</summary>
    public ulong? SessionId { get; init; }

    /// <summary>Per mid, what we send in sections answered sendonly or sendrecv.</summary>
    public IReadOnlyDictionary<string, SdpOutgoingStream> OutgoingStreams { get; init; } = new Dictionary<string, SdpOutgoingStream>();
}
