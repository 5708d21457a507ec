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

    /// <summary>Also accept H.264 (packetization-mode=1); the router forwards it without decoding.</summary>
    public bool IncludeH264 { get; init; }

    /// <summary>Also accept the abs-send-time header extension.</summary>
    public bool IncludeAbsSendTime { get; init; }

    /// <summary>
    /// Also accept transport-wide congestion control: the transport-cc header extension and <c>a=rtcp-fb:PT
    /// transport-cc</c> on each codec offering it (draft-holmer-rmcat-transport-wide-cc-extensions-01 §4). Subscriber
    /// answers only: the relay stamps what it sends and reads the subscriber's feedback.
    /// </summary>
    public bool IncludeTransportCc { get; init; }

    /// <summary>
    /// Accept the offer's rtx payload types (RFC 4588) bound to an accepted video codec (apt), in sections without
    /// simulcast: retransmissions then travel on their own SSRC in both directions. Default on.
    /// </summary>
    public bool IncludeRtx { get; init; } = true;

    /// <summary>The o= session id; random when null.</summary>
    public ulong? SessionId { get; init; }

    /// <summary>Per mid, what we send in sections answered sendonly or sendrecv.</summary>
    public IReadOnlyDictionary<string, SdpOutgoingStream> OutgoingStreams { get; init; } = new Dictionary<string, SdpOutgoingStream>();
}
