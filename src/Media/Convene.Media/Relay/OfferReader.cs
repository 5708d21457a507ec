using Convene.Media.Routing;
using Convene.Media.Sdp;

namespace Convene.Media.Relay;

/// <summary>
/// Reads what the router needs from browser offers: the published tracks (a=ssrc, a=rid, a=extmap; RFC 5576, 8851,
/// 8285) and a subscriber's receiving sections. Codec choice mirrors <see cref="SdpAnswerWriter"/>: the first
/// Opus 48000/2 of a section, and the first video codec of the room's order it offers (<see cref="VideoCodecs"/>).
/// </summary>
internal static class OfferReader
{
    /// <summary>
    /// The first usable audio and video sections a publisher sends (sendonly or sendrecv). With <paramref name="rtx"/>,
    /// a video track without simulcast also gets its RTX SSRC (a=ssrc-group:FID) and rtx payload type (apt), as the
    /// answer accepts them (<see cref="SdpAnswerOptions.IncludeRtx"/>); a simulcast one its rtx payload type and the id
    /// of repaired-rtp-stream-id, from which each layer's RTX SSRC is learned (RFC 8852 §3.2).
    /// </summary>
    public static List<PublishedTrackSpec> ReadPublished(SdpSessionDescription offer, IReadOnlyList<MediaCodec> videoCodecs, bool rtx = false)
    {
        var tracks = new List<PublishedTrackSpec>();
        foreach (var kind in (ReadOnlySpan<MediaKind>)[MediaKind.Audio, MediaKind.Video])
        {
            var media = offer.Media.FirstOrDefault(m => IsUsable(m, kind) && m.Direction is SdpDirection.SendOnly or SdpDirection.SendRecv);
            if (media is null || SelectCodec(media, kind, videoCodecs) is not var (codec, mediaCodec))
            {
                continue;
            }

            var info = new TrackInfo(
                PrimarySsrc(media),
                kind,
                mediaCodec,
                (byte)codec.PayloadType,
                codec.ClockRate,
                kind == MediaKind.Audio ? ExtensionId(media, SdpExtensionUris.AudioLevel) : (byte)0);
            if (kind == MediaKind.Video && media.Simulcast is { Direction: "send" } simulcast && info.Ssrc == 0)
            {
                // RFC 8853 §5.1: "q;h;f" — alternatives after ',' and paused layers ('~') are skipped. Browsers list
                // the encodings in the order the application gave them; Convene's clients give them lowest first.
                var rids = simulcast.Streams.Split(';').Select(s => s.Split(',')[0]).Where(s => s.Length > 0 && !s.StartsWith('~')).ToList();
                var ridId = ExtensionId(media, SdpExtensionUris.RtpStreamId);
                if (rids.Count == 0 || ridId == 0)
                {
                    continue;
                }

                // RFC 8852 §3.2: each layer's RTX SSRC is unannounced; its packets name the layer in repaired-rtp-stream-id.
                byte repairedRidId = rtx ? ExtensionId(media, SdpExtensionUris.RepairedRtpStreamId) : (byte)0;
                if (repairedRidId != 0 && SdpAnswerWriter.FindRtx(media, codec.PayloadType) is { } layerRepair)
                {
                    info = info with { RtxPayloadType = (byte)layerRepair.PayloadType };
                }
                else
                {
                    repairedRidId = 0;
                }

                tracks.Add(new PublishedTrackSpec(info, rids, ridId, codec, repairedRidId));
            }
            else if (info.Ssrc != 0)
            {
                if (rtx && kind == MediaKind.Video && media.Simulcast is null && SdpAnswerWriter.FindRtx(media, codec.PayloadType) is { } repair
                    && RepairSsrc(media, info.Ssrc) is > 0 and var repairSsrc)
                {
                    info = info with { RtxSsrc = repairSsrc, RtxPayloadType = (byte)repair.PayloadType };
                }

                tracks.Add(new PublishedTrackSpec(info, Entry: codec));
            }
        }

        return tracks;
    }

    /// <summary>
    /// The first section of <paramref name="kind"/> a subscriber can receive on, with its entry of the publisher's codec
    /// (<paramref name="published"/>; video only, audio is always Opus).
    /// </summary>
    public static (SdpMediaDescription Media, SdpCodec Codec)? FindReceiving(SdpSessionDescription offer, MediaKind kind, PublishedTrackSpec? published = null)
    {
        var media = FindReceivingSection(offer, kind);
        if (media is null)
        {
            return null;
        }

        var codec = kind == MediaKind.Audio || published is null
            ? SelectCodec(media, kind, VideoCodecs.DefaultOrder)?.Entry
            : VideoCodecs.Find(media, published.Info.Codec, published.Entry);
        return codec is not null ? (media, codec) : null;
    }

    /// <summary>The first section of <paramref name="kind"/> a subscriber can receive on, whatever its codecs.</summary>
    public static SdpMediaDescription? FindReceivingSection(SdpSessionDescription offer, MediaKind kind)
        => offer.Media.FirstOrDefault(m => IsUsable(m, kind) && m.Direction is SdpDirection.RecvOnly or SdpDirection.SendRecv);

    /// <summary>The id <paramref name="media"/> gives the extension <paramref name="uri"/> (1–14 only), 0 if none.</summary>
    public static byte ExtensionId(SdpMediaDescription media, string uri)
        => media.Extmaps.FirstOrDefault(e => e.Uri == uri) is { Id: > 0 and < 15 } e ? (byte)e.Id : (byte)0;

    private static bool IsUsable(SdpMediaDescription media, MediaKind kind)
        => media.Port != 0 && media.Mid is not null && media.Kind == (kind == MediaKind.Audio ? "audio" : "video");

    private static (SdpCodec Entry, MediaCodec Codec)? SelectCodec(SdpMediaDescription media, MediaKind kind, IReadOnlyList<MediaCodec> videoCodecs)
    {
        if (kind == MediaKind.Video)
        {
            return VideoCodecs.Choose(media, videoCodecs);
        }

        var opus = media.Codecs.FirstOrDefault(c => c.ClockRate == 48000 && c.Channels == 2 && c.Name.Equals("opus", StringComparison.OrdinalIgnoreCase));
        return opus is null ? null : (opus, MediaCodec.Opus);
    }

    /// <summary>The retransmission SSRC paired with <paramref name="ssrc"/> in an FID group (RFC 5576 §4.2, RFC 4588 §8.3), 0 if none.</summary>
    private static uint RepairSsrc(SdpMediaDescription media, uint ssrc)
        => media.SsrcGroups.FirstOrDefault(g => g.Semantics == "FID" && g.Ssrcs.Count > 1 && g.Ssrcs[0] == ssrc)?.Ssrcs[1] ?? 0;

    /// <summary>The media SSRC: the first a=ssrc that is not the repair stream of an FID group (RFC 5576 §4.2).</summary>
    private static uint PrimarySsrc(SdpMediaDescription media)
    {
        var repairs = media.SsrcGroups.Where(g => g.Semantics == "FID" && g.Ssrcs.Count > 1).SelectMany(g => g.Ssrcs.Skip(1)).ToHashSet();
        return media.Ssrcs.Select(s => s.Ssrc).FirstOrDefault(s => !repairs.Contains(s));
    }
}
