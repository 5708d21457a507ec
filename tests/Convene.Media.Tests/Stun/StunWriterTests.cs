using System.Net;
using System.Net.Sockets;
using Convene.Media.Stun;

namespace Convene.Media.Tests.Stun;

/// <summary>Writing reproduces RFC 5769 byte for byte and round-trips through the parser.</summary>
public sealed class StunWriterTests
{
    [Fact]
    public void Writing_the_sample_request_reproduces_the_rfc_bytes()
    {
        // The RFC pads SOFTWARE/USERNAME with spaces; RFC 8489 §14 lets padding be any value, we write
        // zeros, so compare after patching the three USERNAME pad bytes.
        Span<byte> buffer = stackalloc byte[256];
        var writer = new StunWriter(buffer, StunConstants.BindingRequest, Rfc5769Vectors.TransactionId);
        writer.AddAttribute(StunAttributeType.Software, "STUN test client"u8);
        writer.AddUInt32(StunAttributeType.Priority, 0x6e0001ff);
        writer.AddUInt64(StunAttributeType.IceControlled, 0x932ff9b151263b36);
        writer.AddAttribute(StunAttributeType.Username, "evtj:h6vY"u8);
        var withoutTrailer = writer.Written.ToArray();
        withoutTrailer.AsSpan(withoutTrailer.Length - 3).Fill(0x20);

        // Re-run on the space-padded prefix to get the RFC's MESSAGE-INTEGRITY and FINGERPRINT.
        withoutTrailer.CopyTo(buffer);
        var expected = Rfc5769Vectors.Request;
        var rewriter = ContinueFrom(buffer, withoutTrailer.Length);
        rewriter.AddMessageIntegrity(Rfc5769Vectors.Password);
        rewriter.AddFingerprint();

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(rewriter.Written));
    }

    [Fact]
    public void Writing_the_ipv4_response_reproduces_the_rfc_bytes()
    {
        Span<byte> buffer = stackalloc byte[256];
        var writer = new StunWriter(buffer, StunConstants.BindingSuccess, Rfc5769Vectors.TransactionId);
        writer.AddAttribute(StunAttributeType.Software, "test vector "u8);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));
        // "test vector " is 12 bytes; the RFC's attribute says 11 with a space as padding.
        buffer[22] = 0; buffer[23] = 11;
        var rewriter = ContinueFrom(buffer, writer.Length);
        rewriter.AddMessageIntegrity(Rfc5769Vectors.Password);
        rewriter.AddFingerprint();

        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.Ipv4Response), Convert.ToHexString(rewriter.Written));
    }

    [Fact]
    public void Xor_mapped_address_from_a_native_ipv6_socket_address_round_trips()
    {
        var endPoint = new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        var native = endPoint.Serialize();
        Assert.Equal(AddressFamily.InterNetworkV6, native.Family);

        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunWriter(buffer, StunConstants.BindingSuccess, Rfc5769Vectors.TransactionId);
        writer.AddXorMappedAddress(native);
        writer.AddMessageIntegrity(Rfc5769Vectors.Password);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out var parsed));
        Assert.True(parsed.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(endPoint, mapped);
        Assert.True(parsed.VerifyMessageIntegrity(Rfc5769Vectors.Password));
        Assert.True(parsed.VerifyFingerprint());
    }

    [Fact]
    public void Xor_mapped_address_from_a_native_ipv4_socket_address_matches_the_rfc_attribute()
    {
        var native = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853).Serialize();
        Span<byte> buffer = stackalloc byte[64];
        var writer = new StunWriter(buffer, StunConstants.BindingSuccess, Rfc5769Vectors.TransactionId);
        writer.AddXorMappedAddress(native);

        Assert.Equal("002000080001A147E112A643", Convert.ToHexString(writer.Written[20..]));
    }

    [Fact]
    public void An_error_response_carries_its_code_and_use_candidate_round_trips()
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunWriter(buffer, StunConstants.BindingError, Rfc5769Vectors.TransactionId);
        writer.AddErrorCode(487, "Role Conflict"u8);
        writer.AddFlag(StunAttributeType.UseCandidate);
        writer.AddUInt64(StunAttributeType.IceControlling, 42);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out var parsed));
        Assert.Equal(487, parsed.ErrorCode);
        Assert.True(parsed.UseCandidate);
        Assert.True(parsed.HasIceControlling);
        Assert.Equal(42ul, parsed.TieBreaker);
        Assert.True(parsed.VerifyFingerprint());
        Assert.False(parsed.HasMessageIntegrity);
    }

    [Fact]
    public void A_buffer_too_small_is_reported()
    {
        var buffer = new byte[24];
        var error = Record.Exception(() =>
        {
            var writer = new StunWriter(buffer, StunConstants.BindingRequest, Rfc5769Vectors.TransactionId);
            writer.AddUInt32(StunAttributeType.Priority, 1);
        });
        Assert.IsType<InvalidOperationException>(error);
    }

    private static StunWriter ContinueFrom(Span<byte> buffer, int length)
    {
        // Rebuild a writer over an existing prefix by re-adding its attributes verbatim.
        var header = buffer[..20].ToArray();
        var writer = new StunWriter(buffer, (ushort)((header[0] << 8) | header[1]), header.AsSpan(8, 12));
        var body = buffer[20..length].ToArray();
        var offset = 0;
        while (offset < body.Length)
        {
            var type = (ushort)((body[offset] << 8) | body[offset + 1]);
            var attrLength = (body[offset + 2] << 8) | body[offset + 3];
            var padded = (attrLength + 3) & ~3;
            writer.AddAttribute(type, body.AsSpan(offset + 4, attrLength));
            // keep the original padding bytes (RFC 5769 pads with spaces)
            body.AsSpan(offset + 4 + attrLength, padded - attrLength).CopyTo(buffer[(20 + offset + 4 + attrLength)..]);
            offset += 4 + padded;
        }

        return writer;
    }
}
