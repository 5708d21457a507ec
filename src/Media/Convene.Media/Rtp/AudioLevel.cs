namespace Convene.Media.Rtp;

/// <summary>The client-to-mixer audio level header extension (RFC 6464 §3): V bit and a 7-bit level in −dBov.</summary>
public static class AudioLevel
{
    /// <summary>The extension URI negotiated in SDP (<c>a=extmap</c>).</summary>
    public const string Uri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>Level for digital silence (−127 dBov).</summary>
    public const byte Silence = 127;

    /// <summary>Parses the element data: <paramref name="level"/> is 0 (loudest, 0 dBov) .. 127 (−127 dBov).</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out bool voiceActivity, out byte level)
    {
        if (data.IsEmpty)
        {
            voiceActivity = false;
            level = Silence;
            return false;
        }

        voiceActivity = (data[0] & 0x80) != 0;
        level = (byte)(data[0] & 0x7F);
        return true;
    }

    /// <summary>Reads the audio level element <paramref name="extensionId"/> from an RTP packet.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, int extensionId, out bool voiceActivity, out byte level)
    {
        if (RtpHeaderExtensions.TryGet(packet, extensionId, out ReadOnlySpan<byte> data))
        {
            return TryParse(data, out voiceActivity, out level);
        }

        voiceActivity = false;
        level = Silence;
        return false;
    }

    /// <summary>Encodes one element data byte.</summary>
    public static byte Encode(bool voiceActivity, byte level) => (byte)((voiceActivity ? 0x80 : 0) | (level & 0x7F));
}
