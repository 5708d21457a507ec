using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Convene.Media.Stun;

/// <summary>
/// Writes one STUN message into a caller-supplied buffer (RFC 8489 §5, §14), allocation-free.
/// Add attributes in wire order; MESSAGE-INTEGRITY then FINGERPRINT come last.
/// </summary>
public ref struct StunWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    /// <summary>Starts a message of <paramref name="messageType"/> with the given 12-byte transaction id.</summary>
    /// <exception cref="ArgumentException">The buffer is shorter than a header or the id is not 12 bytes.</exception>
    public StunWriter(Span<byte> buffer, ushort messageType, ReadOnlySpan<byte> transactionId)
    {
        if (buffer.Length < StunConstants.HeaderLength || transactionId.Length != StunConstants.TransactionIdLength)
        {
            throw new ArgumentException("A STUN header needs 20 bytes and a 12-byte transaction id.");
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, messageType);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunConstants.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
        _length = StunConstants.HeaderLength;
        UpdateLength();
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Adds an attribute with an arbitrary value, zero-padded to 4 bytes (RFC 8489 §14).</summary>
    public void AddAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        var value0 = Reserve(type, value.Length);
        value.CopyTo(value0);
    }

    /// <summary>Adds a 32-bit attribute such as PRIORITY.</summary>
    public void AddUInt32(ushort type, uint value)
        => BinaryPrimitives.WriteUInt32BigEndian(Reserve(type, 4), value);

    /// <summary>Adds a 64-bit attribute such as ICE-CONTROLLING.</summary>
    public void AddUInt64(ushort type, ulong value)
        => BinaryPrimitives.WriteUInt64BigEndian(Reserve(type, 8), value);

    /// <summary>Adds an empty attribute such as USE-CANDIDATE.</summary>
    public void AddFlag(ushort type) => Reserve(type, 0);

    /// <summary>Adds ERROR-CODE (RFC 8489 §14.8) with a UTF-8 reason phrase.</summary>
    public void AddErrorCode(int code, scoped ReadOnlySpan<byte> reason)
    {
        var value = Reserve(StunAttributeType.ErrorCode, 4 + reason.Length);
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        reason.CopyTo(value[4..]);
    }

    /// <summary>
    /// Adds XOR-MAPPED-ADDRESS (RFC 8489 §14.2) from a native socket address (IPv4 or IPv6), the
    /// form the receive loop gets from the socket, so that no endpoint object is created.
    /// </summary>
    public void AddXorMappedAddress(SocketAddress address)
    {
        // sockaddr_in / sockaddr_in6: port at bytes 2..3; IPv4 address at 4..7, IPv6 at 8..23.
        var isV6 = address.Family == AddressFamily.InterNetworkV6;
        var addressOffset = isV6 ? 8 : 4;
        var addressLength = isV6 ? 16 : 4;
        Span<byte> raw = stackalloc byte[16];
        for (var i = 0; i < addressLength; i++)
        {
            raw[i] = address[addressOffset + i];
        }

        WriteXorAddress((ushort)((address[2] << 8) | address[3]), raw[..addressLength]);
    }

    /// <summary>Adds XOR-MAPPED-ADDRESS from an endpoint.</summary>
    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        Span<byte> raw = stackalloc byte[16];
        endPoint.Address.TryWriteBytes(raw, out var written);
        WriteXorAddress((ushort)endPoint.Port, raw[..written]);
    }

    /// <summary>
    /// Adds MESSAGE-INTEGRITY: HMAC-SHA1 under <paramref name="key"/> over the message so far, with the
    /// header length already counting this attribute (RFC 8489 §14.5).
    /// </summary>
    public void AddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        var covered = _length;
        var value = Reserve(StunAttributeType.MessageIntegrity, StunConstants.MessageIntegrityLength);
        HMACSHA1.HashData(key, _buffer[..covered], value);
    }

    /// <summary>Adds FINGERPRINT: CRC-32 of the message so far XOR 0x5354554E (RFC 8489 §14.7).</summary>
    public void AddFingerprint()
    {
        var covered = _length;
        var value = Reserve(StunAttributeType.Fingerprint, 4);
        BinaryPrimitives.WriteUInt32BigEndian(value, StunCrc32.Compute(_buffer[..covered]) ^ StunConstants.FingerprintXor);
    }

    private void WriteXorAddress(ushort port, scoped ReadOnlySpan<byte> address)
    {
        var value = Reserve(StunAttributeType.XorMappedAddress, 4 + address.Length);
        value[0] = 0;
        value[1] = (byte)(address.Length == 4 ? 1 : 2);
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(port ^ (StunConstants.MagicCookie >> 16)));
        var pad = _buffer.Slice(4, 16); // magic cookie + transaction id
        for (var i = 0; i < address.Length; i++)
        {
            value[4 + i] = (byte)(address[i] ^ pad[i]);
        }
    }

    private Span<byte> Reserve(ushort type, int valueLength)
    {
        var padded = (valueLength + 3) & ~3;
        if (_length + 4 + padded > _buffer.Length || valueLength > ushort.MaxValue)
        {
            throw new InvalidOperationException("The STUN buffer is too small for this attribute.");
        }

        var header = _buffer[_length..];
        BinaryPrimitives.WriteUInt16BigEndian(header, type);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)valueLength);
        header.Slice(4 + valueLength, padded - valueLength).Clear();
        _length += 4 + padded;
        UpdateLength();
        return header.Slice(4, valueLength);
    }

    private readonly void UpdateLength()
        => BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunConstants.HeaderLength));
}
