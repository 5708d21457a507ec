using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Convene.Media.Sdp;

/// <summary>
/// Writes the answer of an ICE-lite, DTLS-passive SFU to a browser offer (RFC 8829 §5.3): BUNDLE and
/// rtcp-mux only, one host candidate, and only the codecs the router forwards — Opus 48000/2 and one video codec
/// (<see cref="SdpAnswerOptions.VideoCodecs"/>: VP8, VP9, H.264 or AV1), plus rtx (RFC 4588) for them. RED and ulpfec are never accepted: answering them makes Chromium
/// wrap video in RED (DESIGN §4). Sections with nothing acceptable are rejected with port 0 (RFC 3264 §6).
/// </summary>
public static class SdpAnswerWriter
{
    private const string CandidatePriority = "2130706431"; // type preference 126, local 65535, component 1 (RFC 8445 §5.1.2.1)

    private static readonly string[] _videoFeedback = ["nack", "nack pli", "ccm fir"];

    /// <summary>Writes the answer to <paramref name="offer"/>.</summary>
    public static string Write(SdpSessionDescription offer, SdpAnswerOptions options)
    {
        var accepted = offer.Media.Select(m => (Media: m, Codecs: SelectCodecs(m, options))).ToList();
        var bundle = accepted.Where(a => a.Codecs.Count > 0 && a.Media.Mid is not null).Select(a => a.Media.Mid!).ToList();

        var sb = new StringBuilder(2048);
        var sessionId = options.SessionId ?? (BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 2);
        Line(sb, "v=0");
        Line(sb, $"o=- {sessionId} 2 IN {AddressType(options.CandidateAddress)} {options.CandidateAddress}");
        Line(sb, "s=Convene");
        Line(sb, "t=0 0");
        Line(sb, "a=ice-lite");
        if (bundle.Count > 0)
        {
            Line(sb, "a=group:BUNDLE " + string.Join(' ', bundle));
        }

        if (options.OutgoingStreams.Count > 0)
        {
            Line(sb, "a=msid-semantic: WMS *");
        }

        foreach (var (media, codecs) in accepted)
        {
            if (codecs.Count == 0)
            {
                WriteRejected(sb, media);
            }
            else
            {
                WriteAccepted(sb, media, codecs, options);
            }
        }

        return sb.ToString();
    }

    private static void WriteRejected(StringBuilder sb, SdpMediaDescription media)
    {
        Line(sb, $"m={media.Kind} 0 {media.Protocol} {(media.Formats.Count > 0 ? string.Join(' ', media.Formats) : "0")}");
        Line(sb, "c=IN IP4 0.0.0.0");
        if (media.Mid is not null)
        {
            Line(sb, $"a=mid:{media.Mid}");
        }

        Line(sb, "a=inactive");
    }

    private static void WriteAccepted(StringBuilder sb, SdpMediaDescription media, List<SdpCodec> codecs, SdpAnswerOptions options)
    {
        var port = options.CandidatePort.ToString(CultureInfo.InvariantCulture);
        Line(sb, $"m={media.Kind} {port} {media.Protocol} {string.Join(' ', codecs.Select(c => c.PayloadType))}");
        Line(sb, $"c=IN {AddressType(options.CandidateAddress)} {options.CandidateAddress}");
        Line(sb, $"a=ice-ufrag:{options.IceUfrag}");
        Line(sb, $"a=ice-pwd:{options.IcePwd}");
        Line(sb, $"a=fingerprint:sha-256 {options.Fingerprint}");
        Line(sb, "a=setup:passive"); // RFC 5763 §5: the answerer takes the DTLS server role
        Line(sb, $"a=mid:{media.Mid}");
        foreach (var extmap in media.Extmaps.Where(e => IsSupportedExtension(media, e.Uri, options)))
        {
            Line(sb, $"a=extmap:{extmap.Id} {extmap.Uri}");
        }

        var direction = media.Direction.Reverse();
        Line(sb, $"a={direction.ToAttribute()}");
        var outgoing = media.Mid is not null && direction is SdpDirection.SendOnly or SdpDirection.SendRecv
            && options.OutgoingStreams.TryGetValue(media.Mid, out var stream) ? stream : null;
        if (outgoing is not null)
        {
            Line(sb, $"a=msid:{outgoing.StreamId} {outgoing.TrackId}");
        }

        Line(sb, "a=rtcp-mux");
        if (media.RtcpReducedSize)
        {
            Line(sb, "a=rtcp-rsize");
        }

        foreach (var codec in codecs)
        {
            var channels = codec.Channels > 1 ? $"/{codec.Channels}" : "";
            Line(sb, $"a=rtpmap:{codec.PayloadType} {codec.Name}/{codec.ClockRate}{channels}");
            foreach (var feedback in codec.RtcpFeedback.Where(f => media.Kind == "video" && _videoFeedback.Contains(f)))
            {
                Line(sb, $"a=rtcp-fb:{codec.PayloadType} {feedback}");
            }

            if (options.IncludeTransportCc && codec.RtcpFeedback.Contains("transport-cc"))
            {
                Line(sb, $"a=rtcp-fb:{codec.PayloadType} transport-cc");
            }

            if (codec.Fmtp is not null)
            {
                Line(sb, $"a=fmtp:{codec.PayloadType} {codec.Fmtp}");
            }
        }

        WriteSimulcast(sb, media);
        if (outgoing is not null)
        {
            WriteSsrcs(sb, outgoing, codecs.Any(IsRtx));
        }

        Line(sb, $"a=candidate:1 1 udp {CandidatePriority} {options.CandidateAddress} {port} typ host");
        Line(sb, "a=end-of-candidates");
    }

    private static void WriteSsrcs(StringBuilder sb, SdpOutgoingStream outgoing, bool rtx)
    {
        // RFC 4588 §8.3 / RFC 5576 §4.2: the retransmission SSRC is the second of an FID group.
        if (rtx && outgoing.RtxSsrc != 0)
        {
            Line(sb, $"a=ssrc-group:FID {outgoing.Ssrc} {outgoing.RtxSsrc}");
        }

        Line(sb, $"a=ssrc:{outgoing.Ssrc} cname:{outgoing.Cname}");
        Line(sb, $"a=ssrc:{outgoing.Ssrc} msid:{outgoing.StreamId} {outgoing.TrackId}");
        if (rtx && outgoing.RtxSsrc != 0)
        {
            Line(sb, $"a=ssrc:{outgoing.RtxSsrc} cname:{outgoing.Cname}");
            Line(sb, $"a=ssrc:{outgoing.RtxSsrc} msid:{outgoing.StreamId} {outgoing.TrackId}");
        }
    }

    private static void WriteSimulcast(StringBuilder sb, SdpMediaDescription media)
    {
        // RFC 8853 §5.3: the answer mirrors the offered send streams as recv, with a=rid ... recv each.
        if (media.Simulcast is not { Direction: "send" } simulcast)
        {
            return;
        }

        foreach (var rid in media.Rids.Where(r => r.Direction == "send"))
        {
            Line(sb, $"a=rid:{rid.Id} recv");
        }

        Line(sb, $"a=simulcast:recv {simulcast.Streams}");
    }

    private static List<SdpCodec> SelectCodecs(SdpMediaDescription media, SdpAnswerOptions options)
    {
        if (media.Port == 0 || !media.Protocol.Contains("RTP", StringComparison.Ordinal) || media.Mid is null)
        {
            return [];
        }

        var codecs = media.Kind switch
        {
            // One Opus and one video entry: the router forwards payloads unchanged and needs one type each.
            "audio" => media.Codecs.Where(c => Is(c, "opus", 48000) && c.Channels == 2).Take(1).ToList(),
            "video" => ChooseVideo(media, options) is { } video ? [video] : [],
            _ => [],
        };

        // RFC 4588 §8.1: each rtx type names the type it repairs (apt). With simulcast only when the offer has
        // repaired-rtp-stream-id: the layers' RTX SSRCs are unannounced and learned from it (RFC 8852 §3.2).
        if (options.IncludeRtx && media.Kind == "video" && codecs.Count > 0 && (media.Simulcast is null || OffersRepairedRid(media)))
        {
            codecs.AddRange(media.Codecs.Where(c => IsRtx(c) && codecs.Any(p => p.PayloadType == RepairedPayloadType(c))).ToList());
        }

        return codecs;
    }

    /// <summary>The rtx codec of <paramref name="media"/> that repairs <paramref name="payloadType"/> (RFC 4588 §8.1 apt), if offered.</summary>
    public static SdpCodec? FindRtx(SdpMediaDescription media, int payloadType)
        => media.Codecs.FirstOrDefault(c => IsRtx(c) && RepairedPayloadType(c) == payloadType);

    private static bool OffersRepairedRid(SdpMediaDescription media) => media.Extmaps.Any(e => e.Uri == SdpExtensionUris.RepairedRtpStreamId);

    private static bool IsRtx(SdpCodec codec) => Is(codec, "rtx", 90000);

    // "apt=96" or "apt=96;rtx-time=3000" → 96; -1 when absent.
    private static int RepairedPayloadType(SdpCodec codec)
    {
        foreach (var parameter in (codec.Fmtp ?? "").Split(';', StringSplitOptions.TrimEntries))
        {
            if (parameter.StartsWith("apt=", StringComparison.Ordinal) && int.TryParse(parameter.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int apt))
            {
                return apt;
            }
        }

        return -1;
    }

    /// <summary>The video entry an answer with <paramref name="options"/> accepts in <paramref name="media"/>, if any.</summary>
    public static SdpCodec? ChooseVideo(SdpMediaDescription media, SdpAnswerOptions options)
        => options.VideoCodecLike is not null && options.VideoCodecs.Count == 1
            ? VideoCodecs.Find(media, options.VideoCodecs[0], options.VideoCodecLike)
            : VideoCodecs.Choose(media, options.VideoCodecs)?.Entry;

    private static bool Is(SdpCodec codec, string name, int clockRate)
        => codec.ClockRate == clockRate && string.Equals(codec.Name, name, StringComparison.OrdinalIgnoreCase);

    private static bool IsSupportedExtension(SdpMediaDescription media, string uri, SdpAnswerOptions options) => uri switch
    {
        SdpExtensionUris.Mid => true,
        SdpExtensionUris.AudioLevel => media.Kind == "audio",
        SdpExtensionUris.AbsSendTime => options.IncludeAbsSendTime,
        SdpExtensionUris.TransportCc => options.IncludeTransportCc,
        SdpExtensionUris.PlayoutDelay => options.IncludePlayoutDelay && media.Kind == "video",
        // The rid of each simulcast layer (RFC 8852 §3.1), and the rid an RTX packet repairs (§3.2) when rtx is accepted.
        SdpExtensionUris.RtpStreamId => media.Simulcast is not null,
        SdpExtensionUris.RepairedRtpStreamId => media.Simulcast is not null && options.IncludeRtx,
        _ => false,
    };

    // RFC 8866 §5.7: the address type of c= and o=.
    private static string AddressType(string address) => address.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4";

    private static void Line(StringBuilder sb, string line) => sb.Append(line).Append("\r\n");
}
