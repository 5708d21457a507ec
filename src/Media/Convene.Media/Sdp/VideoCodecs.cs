using System.Globalization;
using Convene.Media.Routing;

namespace Convene.Media.Sdp;

/// <summary>
/// The video codecs the relay forwards and how each is found in an offer: VP8 (RFC 7741), VP9 profile 0 (RFC 9628),
/// H.264 packetization-mode 1 (RFC 6184 §8.1) and AV1 profile 0 (AOM RTP payload format §7.2). A room orders them; a
/// publisher's answer takes the first of that order its offer has, a subscriber gets the publisher's.
/// </summary>
public static class VideoCodecs
{
    /// <summary>The order used when a room gives none: VP8 first (simulcast), then VP9, H.264 and AV1.</summary>
    public static readonly MediaCodec[] DefaultOrder = [MediaCodec.Vp8, MediaCodec.Vp9, MediaCodec.H264, MediaCodec.Av1];

    /// <summary>The setting's name of a video codec: "vp8", "vp9", "h264" or "av1".</summary>
    public static string NameOf(MediaCodec codec) => codec switch
    {
        MediaCodec.Vp8 => "vp8",
        MediaCodec.Vp9 => "vp9",
        MediaCodec.H264 => "h264",
        MediaCodec.Av1 => "av1",
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "not a video codec"),
    };

    /// <summary>
    /// Parses a comma-separated order such as "vp8,vp9,h264,av1" (case-insensitive, blanks ignored, no repeats, at
    /// least one). On failure, <paramref name="error"/> says why.
    /// </summary>
    public static bool TryParse(string? text, out MediaCodec[] order, out string? error)
    {
        order = [];
        var list = new List<MediaCodec>();
        foreach (var item in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            MediaCodec? codec = item.ToLowerInvariant() switch
            {
                "vp8" => MediaCodec.Vp8,
                "vp9" => MediaCodec.Vp9,
                "h264" => MediaCodec.H264,
                "av1" => MediaCodec.Av1,
                _ => null,
            };
            if (codec is null)
            {
                error = $"unknown video codec '{item}' (known: vp8, vp9, h264, av1)";
                return false;
            }

            if (list.Contains(codec.Value))
            {
                error = $"video codec '{item}' is listed twice";
                return false;
            }

            list.Add(codec.Value);
        }

        if (list.Count == 0)
        {
            error = "the video codec list is empty (known: vp8, vp9, h264, av1)";
            return false;
        }

        order = [.. list];
        error = null;
        return true;
    }

    /// <summary>The first codec of <paramref name="order"/> that <paramref name="media"/> offers, with its offered entry.</summary>
    public static (SdpCodec Entry, MediaCodec Codec)? Choose(SdpMediaDescription media, IReadOnlyList<MediaCodec> order)
    {
        foreach (var codec in order)
        {
            if (Find(media, codec) is { } entry)
            {
                return (entry, codec);
            }
        }

        return null;
    }

    /// <summary>
    /// The offered entry of <paramref name="codec"/> in <paramref name="media"/>, or null. For H.264, an entry with the
    /// profile-level-id of <paramref name="like"/> is preferred (the publisher's: RFC 6184 §8.1), else the first mode 1.
    /// </summary>
    public static SdpCodec? Find(SdpMediaDescription media, MediaCodec codec, SdpCodec? like = null)
    {
        var matches = media.Codecs.Where(c => Matches(c, codec));
        if (codec == MediaCodec.H264 && Parameter(like?.Fmtp, "profile-level-id") is { } profile)
        {
            return matches.FirstOrDefault(c => string.Equals(Parameter(c.Fmtp, "profile-level-id"), profile, StringComparison.OrdinalIgnoreCase))
                ?? matches.FirstOrDefault();
        }

        return matches.FirstOrDefault();
    }

    private static bool Matches(SdpCodec entry, MediaCodec codec) => entry.ClockRate == 90000 && codec switch
    {
        MediaCodec.Vp8 => Named(entry, "VP8"),
        // RFC 9628 §6: profile-id absent means 0.
        MediaCodec.Vp9 => Named(entry, "VP9") && Parameter(entry.Fmtp, "profile-id") is null or "0",
        // RFC 6184 §8.1: packetization-mode absent means 0 (single NAL units only, no FU-A); the relay takes mode 1.
        MediaCodec.H264 => Named(entry, "H264") && Parameter(entry.Fmtp, "packetization-mode") == "1",
        // AV1 RTP payload format §7.2: profile absent means 0 (Main).
        MediaCodec.Av1 => Named(entry, "AV1") && Parameter(entry.Fmtp, "profile") is null or "0",
        _ => false,
    };

    private static bool Named(SdpCodec entry, string name) => string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase);

    // "a=1;b=2" → the value of one parameter, or null.
    private static string? Parameter(string? fmtp, string name)
    {
        foreach (var parameter in (fmtp ?? "").Split(';', StringSplitOptions.TrimEntries))
        {
            int eq = parameter.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && string.Equals(parameter[..eq].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return parameter[(eq + 1)..].Trim().ToString(CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
