using System.Buffers.Binary;

namespace Convene.Media.Srtp;

/// <summary>
/// One direction of an SRTP session (RFC 3711 §3.2): protects outbound or unprotects inbound RTP and RTCP,
/// in place, keeping per-SSRC rollover counters, replay windows and SRTCP indexes. Not thread-safe: use one
/// context per direction from one thread (the socket loop). Nothing here allocates per packet, except the
/// first packet of a new SSRC and exceptions raised inside .NET's AES-GCM on a failed tag.
/// </summary>
public sealed class SrtpContext : IDisposable
{
    private const int MaxStreams = 1024; // bounds the state an attacker with valid keys could make us hold
    private readonly ISrtpCipher _cipher;
    private readonly Dictionary<uint, SrtpStreamState> _streams = new();

    internal SrtpContext(SrtpProfile profile, ISrtpCipher cipher)
    {
        Profile = profile;
        _cipher = cipher;
    }

    /// <summary>The protection profile.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>Bytes a protected RTP packet grows by.</summary>
    public int RtpOverhead => _cipher.RtpTagLength;

    /// <summary>Bytes a protected RTCP packet grows by.</summary>
    public int RtcpOverhead => _cipher.RtcpTagLength + 4;

    /// <summary>Creates a context from a master key (16 bytes) and master salt (14 for AES-CM, 12 for GCM).</summary>
    /// <exception cref="ArgumentException">The key or salt length does not match the profile.</exception>
    public static SrtpContext Create(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        if (masterKey.Length != SrtpKeyLengths.MasterKey || masterSalt.Length != SrtpKeyLengths.MasterSalt(profile))
        {
            throw new ArgumentException($"{profile} needs a {SrtpKeyLengths.MasterKey}-byte key and a {SrtpKeyLengths.MasterSalt(profile)}-byte salt.");
        }

        ISrtpCipher cipher = profile switch
        {
            SrtpProfile.AesCm128HmacSha1_80 => new AesCmHmacSha1Cipher(masterKey, masterSalt),
            SrtpProfile.AeadAes128Gcm => AesGcmCipher.FromMaster(masterKey, masterSalt),
            _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
        };
        return new SrtpContext(profile, cipher);
    }

    /// <summary>
    /// Protects the RTP packet in <c>buffer[..length]</c> in place (RFC 3711 §3.3), appending the tag.
    /// <paramref name="buffer"/> must have room for <see cref="RtpOverhead"/> more bytes.
    /// </summary>
    public SrtpStatus ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length)
        {
            return SrtpStatus.BufferTooSmall;
        }

        SrtpStatus status = ParseRtp(buffer[..length], out int headerLength, out ushort seq, out uint ssrc);
        if (status != SrtpStatus.Ok)
        {
            return status;
        }

        if (buffer.Length - length < _cipher.RtpTagLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        SrtpStreamState? state = GetOrAdd(ssrc);
        if (state is null || !state.TryEstimate(seq, out uint roc, out ulong index))
        {
            return SrtpStatus.Malformed;
        }

        state.Update(seq, roc, index);
        _cipher.ProtectRtp(buffer, headerLength, length, ssrc, roc, seq);
        protectedLength = length + _cipher.RtpTagLength;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Verifies and decrypts the SRTP packet <paramref name="packet"/> (exactly the datagram) in place
    /// (RFC 3711 §3.3); <paramref name="length"/> is the plain RTP length.
    /// </summary>
    public SrtpStatus UnprotectRtp(Span<byte> packet, out int length)
    {
        length = 0;
        if (packet.Length < 12 + _cipher.RtpTagLength)
        {
            return SrtpStatus.TooShort;
        }

        SrtpStatus status = ParseRtp(packet[..^_cipher.RtpTagLength], out int headerLength, out ushort seq, out uint ssrc);
        if (status != SrtpStatus.Ok)
        {
            return status;
        }

        _streams.TryGetValue(ssrc, out SrtpStreamState? known);
        uint roc = 0;
        ulong index = seq;
        if (known is not null)
        {
            if (!known.TryEstimate(seq, out roc, out index))
            {
                return SrtpStatus.Replayed;
            }

            if (known.RtpReplay.IsReplay(index))
            {
                return SrtpStatus.Replayed;
            }
        }

        if (!_cipher.UnprotectRtp(packet, headerLength, ssrc, roc, seq))
        {
            return SrtpStatus.AuthFailed;
        }

        SrtpStreamState? state = known ?? GetOrAdd(ssrc);
        if (state is not null)
        {
            state.RtpReplay.Accept(index);
            state.Update(seq, roc, index);
        }

        length = packet.Length - _cipher.RtpTagLength;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Protects the (compound) RTCP packet in <c>buffer[..length]</c> in place (RFC 3711 §3.4), always encrypting
    /// (E = 1); <paramref name="buffer"/> must have room for <see cref="RtcpOverhead"/> more bytes.
    /// </summary>
    public SrtpStatus ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length || buffer.Length - length < RtcpOverhead)
        {
            return SrtpStatus.BufferTooSmall;
        }

        if (length < 8)
        {
            return SrtpStatus.TooShort;
        }

        if (buffer[0] >> 6 != 2)
        {
            return SrtpStatus.Malformed;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        SrtpStreamState? state = GetOrAdd(ssrc);
        if (state is null)
        {
            return SrtpStatus.Malformed;
        }

        uint index = state.NextRtcpIndex;
        state.NextRtcpIndex = (index + 1) & 0x7FFF_FFFFu;
        protectedLength = _cipher.ProtectRtcp(buffer, length, ssrc, index);
        return SrtpStatus.Ok;
    }

    /// <summary>Verifies and decrypts an SRTCP packet in place (RFC 3711 §3.4); honours E = 0 (authenticated only).</summary>
    public SrtpStatus UnprotectRtcp(Span<byte> packet, out int length)
    {
        length = 0;
        if (packet.Length < 8 + RtcpOverhead)
        {
            return SrtpStatus.TooShort;
        }

        if (packet[0] >> 6 != 2)
        {
            return SrtpStatus.Malformed;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        int wordOffset = Profile == SrtpProfile.AeadAes128Gcm ? packet.Length - 4 : packet.Length - _cipher.RtcpTagLength - 4;
        uint word = BinaryPrimitives.ReadUInt32BigEndian(packet[wordOffset..]);
        bool encrypted = (word & 0x8000_0000u) != 0;
        uint index = word & 0x7FFF_FFFFu;

        _streams.TryGetValue(ssrc, out SrtpStreamState? known);
        if (known is not null && known.RtcpReplay.IsReplay(index))
        {
            return SrtpStatus.Replayed;
        }

        int plain = _cipher.UnprotectRtcp(packet, ssrc, index, encrypted);
        if (plain < 0)
        {
            return SrtpStatus.AuthFailed;
        }

        (known ?? GetOrAdd(ssrc))?.RtcpReplay.Accept(index);
        length = plain;
        return SrtpStatus.Ok;
    }

    /// <summary>Protects RTCP with an explicit SRTCP index (test vectors are given for a fixed index).</summary>
    internal int ProtectRtcpWithIndex(Span<byte> buffer, int length, uint index)
    {
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        return _cipher.ProtectRtcp(buffer, length, ssrc, index);
    }

    /// <summary>The ROC of an SSRC (for tests and diagnostics); 0 if unknown.</summary>
    internal uint GetRolloverCounter(uint ssrc) => _streams.TryGetValue(ssrc, out var s) ? s.Roc : 0;

    /// <summary>RFC 3550 §5.1 fixed header, CSRCs and the header extension: everything SRTP leaves in clear.</summary>
    private static SrtpStatus ParseRtp(ReadOnlySpan<byte> packet, out int headerLength, out ushort seq, out uint ssrc)
    {
        headerLength = 0;
        seq = 0;
        ssrc = 0;
        if (packet.Length < 12)
        {
            return SrtpStatus.TooShort;
        }

        if (packet[0] >> 6 != 2)
        {
            return SrtpStatus.Malformed;
        }

        int h = 12 + ((packet[0] & 0x0F) * 4);
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < h + 4)
            {
                return SrtpStatus.TooShort;
            }

            h += 4 + (BinaryPrimitives.ReadUInt16BigEndian(packet[(h + 2)..]) * 4);
        }

        if (packet.Length < h)
        {
            return SrtpStatus.TooShort;
        }

        headerLength = h;
        seq = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        return SrtpStatus.Ok;
    }

    private SrtpStreamState? GetOrAdd(uint ssrc)
    {
        if (_streams.TryGetValue(ssrc, out SrtpStreamState? state))
        {
            return state;
        }

        if (_streams.Count >= MaxStreams)
        {
            return null;
        }

        state = new SrtpStreamState();
        _streams.Add(ssrc, state);
        return state;
    }

    /// <summary>Releases the AES and HMAC handles.</summary>
    public void Dispose() => _cipher.Dispose();
}
