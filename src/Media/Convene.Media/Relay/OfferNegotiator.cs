using System.Security.Cryptography;
using Convene.Media.Routing;
using Convene.Media.Sdp;
using Convene.Media.Transport;

namespace Convene.Media.Relay;

/// <summary>
/// The SDP side of a room: parses offers, registers the peer with the transport and writes the answer (RFC 8829
/// §5.3), declaring a subscriber's down-track SSRCs and msids in its own mids (RFC 8830, RFC 5576).
/// </summary>
internal sealed class OfferNegotiator
{
    private const string Cname = "convene";
    private readonly MediaRelay _relay;

    public OfferNegotiator(MediaRelay relay) => _relay = relay;

    /// <summary>Chooses our SSRC, payload type and extension map for one kind of a subscription, and the a=ssrc/msid to answer.</summary>
    public DownTrackOptions? Plan(SdpSessionDescription offer, PublishedStream stream, MediaKind kind, Dictionary<string, SdpOutgoingStream> outgoing)
    {
        var published = stream.Tracks.FirstOrDefault(t => t.Info.Kind == kind);
        if (OfferReader.FindReceiving(offer, kind, published) is not var (media, codec))
        {
            return null;
        }

        uint ssrc = _relay.AllocateSsrc();
        string streamId = MsidToken(stream.StreamKey);
        outgoing[media.Mid!] = new SdpOutgoingStream(ssrc, Cname, streamId, $"{streamId}-{(kind == MediaKind.Audio ? "audio" : "video")}");
        byte[]? extensionMap = null;
        if (kind == MediaKind.Audio && stream.Tracks.FirstOrDefault(t => t.Info.Kind == MediaKind.Audio) is { Info.AudioLevelExtensionId: > 0 and var from }
            && OfferReader.ExtensionId(media, SdpExtensionUris.AudioLevel) is > 0 and var to)
        {
            // Only the audio level travels on (RFC 6464); the publisher's mid and rid would mislabel the packets.
            extensionMap = new byte[15];
            extensionMap[from] = to;
        }

        byte playoutDelayId = kind == MediaKind.Video && _relay.PlayoutDelayUnderLoss > TimeSpan.Zero
            && OfferReader.ExtensionId(media, SdpExtensionUris.PlayoutDelay) is > 0 and <= 14 and var delayId ? delayId : (byte)0;

        // RFC 4588: NACKs are answered as RTX on an SSRC of its own when the subscriber offers rtx for the codec.
        if (_relay.LossRecovery && kind == MediaKind.Video && SdpAnswerWriter.FindRtx(media, codec.PayloadType) is { } rtx)
        {
            uint rtxSsrc = _relay.AllocateSsrc();
            outgoing[media.Mid!] = outgoing[media.Mid!] with { RtxSsrc = rtxSsrc };
            return new DownTrackOptions(ssrc, (byte)codec.PayloadType, extensionMap, Cname, rtxSsrc, (byte)rtx.PayloadType) { PlayoutDelayExtensionId = playoutDelayId };
        }

        return new DownTrackOptions(ssrc, (byte)codec.PayloadType, extensionMap, Cname) { PlayoutDelayExtensionId = playoutDelayId };
    }

    /// <summary>Registers the peer and writes the answer; any failure becomes a <see cref="MediaRelayException"/>.</summary>
    /// <param name="offerSdp">The browser's offer.</param>
    /// <param name="what">"publish" or "subscribe", for error messages.</param>
    /// <param name="outgoing">A subscriber's down-tracks per mid; null for a publisher.</param>
    /// <param name="videoCodecs">The video codecs to accept, in order (a subscriber: the publisher's only).</param>
    /// <param name="videoLike">A subscriber: the publisher's codec entry (H.264 profile matching).</param>
    public AcceptedOffer Accept(string offerSdp, string what, Dictionary<string, SdpOutgoingStream>? outgoing, IReadOnlyList<MediaCodec> videoCodecs, SdpCodec? videoLike = null)
    {
        if (string.IsNullOrWhiteSpace(offerSdp))
        {
            throw new MediaRelayException($"The {what} offer is empty.");
        }

        try
        {
            return _relay.Transport.AcceptOffer(offerSdp, o => new SdpAnswerOptions
            {
                IceUfrag = o.IceUfrag,
                IcePwd = o.IcePwd,
                Fingerprint = o.Fingerprint,
                CandidateAddress = o.CandidateAddress,
                CandidatePort = o.CandidatePort,
                OutgoingStreams = outgoing ?? o.OutgoingStreams,
                IncludeRtx = _relay.LossRecovery,
                VideoCodecs = videoCodecs,
                VideoCodecLike = videoLike,
                IncludeTransportCc = outgoing is not null, // subscribers only: the relay sends them media and reads their feedback
                IncludePlayoutDelay = outgoing is not null && _relay.PlayoutDelayUnderLoss > TimeSpan.Zero,
            });
        }
        catch (Exception ex) when (ex is not MediaRelayException)
        {
            throw new MediaRelayException($"The {what} offer is not usable: {ex.Message}", ex);
        }
    }

    public static SdpSessionDescription Parse(string offerSdp, string what)
    {
        if (!SdpParser.TryParse(offerSdp, out var offer, out var error) || offer is null)
        {
            throw new MediaRelayException($"The {what} offer is not valid SDP: {error}");
        }

        return offer;
    }

    // RFC 8830 §2: msid-id is 1*64 token-char.
    private static string MsidToken(string streamKey)
    {
        var token = new string([.. streamKey.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(48)]);
        return token.Length > 0 ? token : Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
    }

    /// <summary>Refuses an empty participant or stream key.</summary>
    public static void Require(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new MediaRelayException($"The {name} is empty.");
        }
    }
}
