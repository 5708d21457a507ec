using System.Globalization;

namespace Convene.Media.Sdp;

/// <summary>
/// Parses a browser's session description (RFC 8866 grammar, the attributes of JSEP RFC 8829 §5.8).
/// Unknown lines and attributes are skipped; structural errors raise <see cref="SdpParseException"/>.
/// </summary>
public static class SdpParser
{
    private const int MaxLength = 256 * 1024;

    /// <summary>Parses <paramref name="sdp"/>; returns false with a reason instead of throwing.</summary>
    public static bool TryParse(string? sdp, out SdpSessionDescription? description, out string? error)
    {
        try
        {
            description = Parse(sdp ?? "");
            error = null;
            return true;
        }
        catch (SdpParseException ex)
        {
            description = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Parses <paramref name="sdp"/>.</summary>
    /// <exception cref="SdpParseException">The text is not a valid session description.</exception>
    public static SdpSessionDescription Parse(string sdp)
    {
        if (sdp.Length > MaxLength)
        {
            throw new SdpParseException($"The SDP is {sdp.Length} characters; at most {MaxLength} are accepted.");
        }

        var session = new SdpSessionDescription();
        SdpMediaDescription? media = null;
        var lineNumber = 0;
        var sawVersion = false;
        foreach (var rawLine in sdp.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=')
            {
                throw new SdpParseException($"Line {lineNumber} is not of the form <type>=<value>: '{Truncate(line)}'.");
            }

            var value = line[2..];
            switch (line[0])
            {
                case 'v':
                    sawVersion = value == "0" ? true : throw new SdpParseException($"Line {lineNumber}: unsupported version '{value}'.");
                    break;
                case 'o':
                    session.Origin = value;
                    break;
                case 'm':
                    media = ParseMediaLine(value, lineNumber);
                    session.Media.Add(media);
                    break;
                case 'a':
                    if (media is null)
                    {
                        ParseSessionAttribute(session, value);
                    }
                    else
                    {
                        ParseMediaAttribute(media, value, lineNumber);
                    }

                    break;
            }
        }

        return sawVersion ? session : throw new SdpParseException("The SDP has no 'v=0' line.");
    }

    private static SdpMediaDescription ParseMediaLine(string value, int lineNumber)
    {
        // m=<media> <port>[/<number>] <proto> <fmt> ... (RFC 8866 §5.14)
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || !int.TryParse(parts[1].Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new SdpParseException($"Line {lineNumber}: malformed m= line '{Truncate(value)}'.");
        }

        return new SdpMediaDescription(parts[0], port, parts[2], parts[3..]);
    }

    private static void ParseSessionAttribute(SdpSessionDescription session, string attribute)
    {
        var (name, value) = Split(attribute);
        switch (name)
        {
            case "group" when value is not null && value.StartsWith("BUNDLE", StringComparison.Ordinal):
                session.BundleMids.AddRange(value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1));
                break;
            case "ice-lite":
                session.IceLite = true;
                break;
            case "ice-ufrag":
                session.IceUfrag = value;
                break;
            case "ice-pwd":
                session.IcePwd = value;
                break;
            case "fingerprint":
                session.Fingerprint = ParseFingerprint(value);
                break;
            case "setup":
                session.Setup = value;
                break;
        }
    }

    private static void ParseMediaAttribute(SdpMediaDescription media, string attribute, int lineNumber)
    {
        var (name, value) = Split(attribute);
        switch (name)
        {
            case "mid": media.Mid = value; break;
            case "ice-ufrag": media.IceUfrag = value; break;
            case "ice-pwd": media.IcePwd = value; break;
            case "fingerprint": media.Fingerprint = ParseFingerprint(value); break;
            case "setup": media.Setup = value; break;
            case "sendrecv": media.Direction = SdpDirection.SendRecv; break;
            case "sendonly": media.Direction = SdpDirection.SendOnly; break;
            case "recvonly": media.Direction = SdpDirection.RecvOnly; break;
            case "inactive": media.Direction = SdpDirection.Inactive; break;
            case "rtcp-mux": media.RtcpMux = true; break;
            case "rtcp-rsize": media.RtcpReducedSize = true; break;
            case "msid": media.Msid = value; break;
            case "candidate" when value is not null: media.Candidates.Add(value); break;
            case "rtpmap": ParseRtpmap(media, value, lineNumber); break;
            case "fmtp": ParsePayloadAttribute(media, value, lineNumber, (codec, rest) => codec.Fmtp = rest); break;
            case "rtcp-fb": ParsePayloadAttribute(media, value, lineNumber, (codec, rest) => codec.RtcpFeedback.Add(rest)); break;
            case "extmap": ParseExtmap(media, value, lineNumber); break;
            case "ssrc": ParseSsrc(media, value, lineNumber); break;
            case "ssrc-group": ParseSsrcGroup(media, value, lineNumber); break;
            case "rid": ParseRid(media, value, lineNumber); break;
            case "simulcast": ParseSimulcast(media, value, lineNumber); break;
        }
    }

    private static void ParseRtpmap(SdpMediaDescription media, string? value, int lineNumber)
    {
        // a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>] (RFC 8866 §6.6)
        var (ptText, rest) = SplitFirst(value, ' ');
        var parts = rest?.Split('/') ?? [];
        if (!TryInt(ptText, out var pt) || pt > 127 || parts.Length < 2 || !TryInt(parts[1], out var clock))
        {
            throw new SdpParseException($"Line {lineNumber}: malformed a=rtpmap '{Truncate(value)}'.");
        }

        var channels = parts.Length > 2 && TryInt(parts[2], out var c) ? c : 1;
        media.Codecs.Add(new SdpCodec(pt, parts[0], clock, channels));
    }

    private static void ParsePayloadAttribute(SdpMediaDescription media, string? value, int lineNumber, Action<SdpCodec, string> apply)
    {
        var (ptText, rest) = SplitFirst(value, ' ');
        if (ptText == "*")
        {
            return; // wildcard rtcp-fb (RFC 4585 §4.2) applies to every codec; browsers do not send it
        }

        if (!TryInt(ptText, out var pt) || rest is null)
        {
            throw new SdpParseException($"Line {lineNumber}: malformed payload attribute '{Truncate(value)}'.");
        }

        // rtpmap precedes fmtp/rtcp-fb in browser SDP; an attribute for an unmapped type is ignored.
        if (media.FindCodec(pt) is { } codec)
        {
            apply(codec, rest);
        }
    }

    private static void ParseExtmap(SdpMediaDescription media, string? value, int lineNumber)
    {
        // a=extmap:<id>[/<direction>] <uri> [<attributes>] (RFC 8285 §8)
        var (idText, rest) = SplitFirst(value, ' ');
        if (!TryInt(idText?.Split('/')[0], out var id) || id is < 1 or > 255 || string.IsNullOrEmpty(rest))
        {
            throw new SdpParseException($"Line {lineNumber}: malformed a=extmap '{Truncate(value)}'.");
        }

        media.Extmaps.Add(new SdpExtmap(id, rest.Split(' ')[0]));
    }

    private static void ParseSsrc(SdpMediaDescription media, string? value, int lineNumber)
    {
        // a=ssrc:<ssrc-id> <attribute>[:<value>] (RFC 5576 §4.1)
        var (ssrcText, rest) = SplitFirst(value, ' ');
        if (!uint.TryParse(ssrcText, NumberStyles.None, CultureInfo.InvariantCulture, out var ssrc) || rest is null)
        {
            throw new SdpParseException($"Line {lineNumber}: malformed a=ssrc '{Truncate(value)}'.");
        }

        var (attribute, attributeValue) = SplitFirst(rest, ':');
        media.Ssrcs.Add(new SdpSsrc(ssrc, attribute ?? "", attributeValue));
    }

    private static void ParseSsrcGroup(SdpMediaDescription media, string? value, int lineNumber)
    {
        var parts = value?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var ssrcs = new List<uint>();
        foreach (var part in parts.Skip(1))
        {
            ssrcs.Add(uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
                ? s
                : throw new SdpParseException($"Line {lineNumber}: malformed a=ssrc-group '{Truncate(value)}'."));
        }

        if (parts.Length < 2)
        {
            throw new SdpParseException($"Line {lineNumber}: malformed a=ssrc-group '{Truncate(value)}'.");
        }

        media.SsrcGroups.Add(new SdpSsrcGroup(parts[0], ssrcs));
    }

    private static void ParseRid(SdpMediaDescription media, string? value, int lineNumber)
    {
        // a=rid:<rid-id> <direction> [<params>] (RFC 8851 §10)
        var parts = value?.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (parts.Length < 2 || parts[1] is not ("send" or "recv"))
        {
            throw new SdpParseException($"Line {lineNumber}: malformed a=rid '{Truncate(value)}'.");
        }

        media.Rids.Add(new SdpRid(parts[0], parts[1], parts.Length > 2 ? parts[2] : null));
    }

    private static void ParseSimulcast(SdpMediaDescription media, string? value, int lineNumber)
    {
        // a=simulcast:<send|recv> <streams> (RFC 8853 §5.1); a second direction is not used by browsers.
        var parts = value?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (parts.Length < 2 || parts[0] is not ("send" or "recv"))
        {
            throw new SdpParseException($"Line {lineNumber}: malformed a=simulcast '{Truncate(value)}'.");
        }

        media.Simulcast = new SdpSimulcast(parts[0], parts[1]);
    }

    private static SdpFingerprint? ParseFingerprint(string? value)
    {
        var (algorithm, fingerprint) = SplitFirst(value, ' ');
        return algorithm is null || fingerprint is null ? null : new SdpFingerprint(algorithm.ToLowerInvariant(), fingerprint.Trim());
    }

    private static (string Name, string? Value) Split(string attribute)
    {
        var colon = attribute.IndexOf(':');
        return colon < 0 ? (attribute, null) : (attribute[..colon], attribute[(colon + 1)..]);
    }

    private static (string? Head, string? Tail) SplitFirst(string? value, char separator)
    {
        if (value is null)
        {
            return (null, null);
        }

        var index = value.IndexOf(separator);
        return index < 0 ? (value, null) : (value[..index], value[(index + 1)..]);
    }

    private static bool TryInt(string? text, out int value)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80] + "…";
}
