using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace Convene.Media.Stun;

/// <summary>
/// A zero-copy view of one STUN message (RFC 8489 §5, §14). <see cref="TryParse"/> validates the
/// framing only; integrity and fingerprint are checked with <see cref="VerifyFingerprint"/> and
/// <see cref="VerifyMessageIntegrity"/>. Nothing here throws on malformed input.
/// </summary>
public readonly ref struct StunMessage
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _usernameOffset;
    private readonly int _usernameLength;
    private readonly int _integrityOffset;
    private readonly int _fingerprintOffset;
    private readonly int _xorMappedOffset;
    private readonly int _xorMappedLength;

    private StunMessage(ReadOnlySpan<byte> data, int usernameOffset, int usernameLength, int integrityOffset, int fingerprintOffset, int xorOffset, int xorLength)
    {
        _data = data;
        _usernameOffset = usernameOffset;
        _usernameLength = usernameLength;
        _integrityOffset = integrityOffset;
        _fingerprintOffset = fingerprintOffset;
        _xorMappedOffset = xorOffset;
        _xorMappedLength = xorLength;
    }

    /// <summary>The message type (method and class), e.g. <see cref="StunConstants.BindingRequest"/>.</summary>
    public ushort MessageType { get; private init; }

    /// <summary>The 96-bit transaction id.</summary>
    public ReadOnlySpan<byte> TransactionId => _data.Slice(8, StunConstants.TransactionIdLength);

    /// <summary>The whole message as received.</summary>
    public ReadOnlySpan<byte> Raw => _data;

    /// <summary>True when a USERNAME attribute is present.</summary>
    public bool HasUsername => _usernameOffset >= 0;

    /// <summary>The USERNAME value (UTF-8, unpadded), empty when absent.</summary>
    public ReadOnlySpan<byte> Username => _usernameOffset < 0 ? default : _data.Slice(_usernameOffset, _usernameLength);

    /// <summary>True when a MESSAGE-INTEGRITY attribute is present.</summary>
    public bool HasMessageIntegrity => _integrityOffset >= 0;

    /// <summary>True when a FINGERPRINT attribute is present.</summary>
    public bool HasFingerprint => _fingerprintOffset >= 0;

    /// <summary>True when a PRIORITY attribute is present.</summary>
    public bool HasPriority { get; private init; }

    /// <summary>The PRIORITY value (RFC 8445 §7.1.1).</summary>
    public uint Priority { get; private init; }

    /// <summary>True when USE-CANDIDATE is present (RFC 8445 §7.1.2).</summary>
    public bool UseCandidate { get; private init; }

    /// <summary>True when ICE-CONTROLLING is present (RFC 8445 §7.1.3).</summary>
    public bool HasIceControlling { get; private init; }

    /// <summary>True when ICE-CONTROLLED is present (RFC 8445 §7.1.3).</summary>
    public bool HasIceControlled { get; private init; }

    /// <summary>The tie-breaker of ICE-CONTROLLING or ICE-CONTROLLED.</summary>
    public ulong TieBreaker { get; private init; }

    /// <summary>The ERROR-CODE number (e.g. 487), 0 when absent (RFC 8489 §14.8).</summary>
    public int ErrorCode { get; private init; }

    /// <summary>
    /// Parses the framing of a STUN message: header, magic cookie, length, and the attribute list
    /// (RFC 8489 §6, §14). Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored
    /// and FINGERPRINT must be last (§14.5, §14.7). Returns false, never throws, on bad input.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out StunMessage message)
    {
        message = default;
        if (data.Length < StunConstants.HeaderLength || (data[0] & 0xC0) != 0)
        {
            return false;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(data);
        var length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if ((length & 3) != 0 || length + StunConstants.HeaderLength != data.Length
            || BinaryPrimitives.ReadUInt32BigEndian(data[4..]) != StunConstants.MagicCookie)
        {
            return false;
        }

        int usernameOffset = -1, usernameLength = 0, integrityOffset = -1, fingerprintOffset = -1;
        int xorOffset = -1, xorLength = 0, errorCode = 0;
        bool hasPriority = false, useCandidate = false, controlling = false, controlled = false;
        uint priority = 0;
        ulong tieBreaker = 0;

        var offset = StunConstants.HeaderLength;
        while (offset < data.Length)
        {
            if (fingerprintOffset >= 0 || data.Length - offset < 4)
            {
                return false; // FINGERPRINT must be last; a partial attribute header is truncation
            }

            var attrType = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            var attrLength = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            var valueOffset = offset + 4;
            var padded = (attrLength + 3) & ~3;
            if (padded > data.Length - valueOffset)
            {
                return false;
            }

            var value = data.Slice(valueOffset, attrLength);
            if (attrType == StunAttributeType.Fingerprint)
            {
                if (attrLength != 4)
                {
                    return false;
                }

                fingerprintOffset = offset;
            }
            else if (integrityOffset < 0)
            {
                switch (attrType)
                {
                    case StunAttributeType.Username:
                        usernameOffset = valueOffset;
                        usernameLength = attrLength;
                        break;
                    case StunAttributeType.MessageIntegrity:
                        if (attrLength != StunConstants.MessageIntegrityLength)
                        {
                            return false;
                        }

                        integrityOffset = offset;
                        break;
                    case StunAttributeType.Priority when attrLength == 4:
                        hasPriority = true;
                        priority = BinaryPrimitives.ReadUInt32BigEndian(value);
                        break;
                    case StunAttributeType.UseCandidate:
                        useCandidate = true;
                        break;
                    case StunAttributeType.IceControlling when attrLength == 8:
                        controlling = true;
                        tieBreaker = BinaryPrimitives.ReadUInt64BigEndian(value);
                        break;
                    case StunAttributeType.IceControlled when attrLength == 8:
                        controlled = true;
                        tieBreaker = BinaryPrimitives.ReadUInt64BigEndian(value);
                        break;
                    case StunAttributeType.XorMappedAddress:
                        xorOffset = valueOffset;
                        xorLength = attrLength;
                        break;
                    case StunAttributeType.ErrorCode when attrLength >= 4:
                        errorCode = (value[2] & 0x7) * 100 + value[3];
                        break;
                }
            }

            offset = valueOffset + padded;
        }

        message = new StunMessage(data, usernameOffset, usernameLength, integrityOffset, fingerprintOffset, xorOffset, xorLength)
        {
            MessageType = type,
            HasPriority = hasPriority,
            Priority = priority,
            UseCandidate = useCandidate,
            HasIceControlling = controlling,
            HasIceControlled = controlled,
            TieBreaker = tieBreaker,
            ErrorCode = errorCode,
        };
        return true;
    }

    /// <summary>True when the FINGERPRINT attribute is present and matches (RFC 8489 §14.7).</summary>
    public bool VerifyFingerprint()
    {
        if (_fingerprintOffset < 0)
        {
            return false;
        }

        var expected = BinaryPrimitives.ReadUInt32BigEndian(_data[(_fingerprintOffset + 4)..]);
        return (StunCrc32.Compute(_data[.._fingerprintOffset]) ^ StunConstants.FingerprintXor) == expected;
    }

    /// <summary>
    /// True when MESSAGE-INTEGRITY is present and is the HMAC-SHA1 under <paramref name="key"/> of the
    /// message up to the attribute, with the header length covering it (RFC 8489 §14.5). For ICE the
    /// key is the short-term password (RFC 8445 §7.2.2).
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (_integrityOffset < 0)
        {
            return false;
        }

        var covered = _integrityOffset;
        byte[]? rented = null;
        var copy = covered <= 1024 ? stackalloc byte[covered] : (rented = ArrayPool<byte>.Shared.Rent(covered)).AsSpan(0, covered);
        _data[..covered].CopyTo(copy);
        BinaryPrimitives.WriteUInt16BigEndian(copy[2..], (ushort)(covered - StunConstants.HeaderLength + 24));
        Span<byte> mac = stackalloc byte[StunConstants.MessageIntegrityLength];
        HMACSHA1.HashData(key, copy, mac);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return CryptographicOperations.FixedTimeEquals(mac, _data.Slice(_integrityOffset + 4, StunConstants.MessageIntegrityLength));
    }

    /// <summary>Decodes XOR-MAPPED-ADDRESS (RFC 8489 §14.2); allocates the endpoint (not for the hot path).</summary>
    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (_xorMappedOffset < 0 || _xorMappedLength < 8)
        {
            return false;
        }

        var value = _data.Slice(_xorMappedOffset, _xorMappedLength);
        var port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (StunConstants.MagicCookie >> 16));
        Span<byte> address = stackalloc byte[16];
        var family = value[1];
        var addressLength = family == 1 ? 4 : family == 2 ? 16 : 0;
        if (addressLength == 0 || _xorMappedLength < 4 + addressLength)
        {
            return false;
        }

        // The XOR pad is the magic cookie followed by the transaction id: exactly header bytes 4..20.
        var pad = _data.Slice(4, 16);
        for (var i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ pad[i]);
        }

        endPoint = new IPEndPoint(new IPAddress(address[..addressLength]), port);
        return true;
    }
}
