using System.Net;
using Convene.Media.Stun;

namespace Convene.Media.Tests.Stun;

/// <summary>Parsing and verification against RFC 5769.</summary>
public sealed class StunMessageVectorTests
{
    [Fact]
    public void Sample_request_parses_with_ice_attributes_and_verifies()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Request, out var message));

        Assert.Equal(StunConstants.BindingRequest, message.MessageType);
        Assert.Equal(Rfc5769Vectors.TransactionId, message.TransactionId.ToArray());
        Assert.Equal("evtj:h6vY"u8.ToArray(), message.Username.ToArray());
        Assert.True(message.HasPriority);
        Assert.Equal(0x6e0001ffu, message.Priority);
        Assert.True(message.HasIceControlled);
        Assert.False(message.HasIceControlling);
        Assert.Equal(0x932ff9b151263b36ul, message.TieBreaker);
        Assert.False(message.UseCandidate);
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(Rfc5769Vectors.Password));
    }

    [Fact]
    public void Sample_ipv4_response_yields_its_mapped_address_and_verifies()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Ipv4Response, out var message));

        Assert.Equal(StunConstants.BindingSuccess, message.MessageType);
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(Rfc5769Vectors.Password));
    }

    [Fact]
    public void Sample_ipv6_response_yields_its_mapped_address_and_verifies()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Ipv6Response, out var message));

        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped);
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(Rfc5769Vectors.Password));
    }

    [Fact]
    public void Crc32_has_the_standard_check_value()
        => Assert.Equal(0xCBF43926u, StunCrc32.Compute("123456789"u8));

    [Fact]
    public void A_wrong_password_fails_integrity()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Request, out var message));
        Assert.False(message.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBu"u8));
    }

    [Theory]
    [InlineData(30)]  // inside SOFTWARE: covered by both MI and FP
    [InlineData(70)]  // inside USERNAME
    [InlineData(84)]  // inside the MESSAGE-INTEGRITY value
    public void A_flipped_byte_fails_the_fingerprint(int index)
    {
        var tampered = (byte[])Rfc5769Vectors.Request.Clone();
        tampered[index] ^= 0x01;

        Assert.True(StunMessage.TryParse(tampered, out var message));
        Assert.False(message.VerifyFingerprint());
    }

    [Fact]
    public void A_flipped_byte_before_integrity_fails_integrity()
    {
        var tampered = (byte[])Rfc5769Vectors.Request.Clone();
        tampered[30] ^= 0x01;

        Assert.True(StunMessage.TryParse(tampered, out var message));
        Assert.False(message.VerifyMessageIntegrity(Rfc5769Vectors.Password));
    }

    [Fact]
    public void Every_truncation_of_a_vector_is_rejected_without_throwing()
    {
        for (var length = 0; length < Rfc5769Vectors.Request.Length; length++)
        {
            Assert.False(StunMessage.TryParse(Rfc5769Vectors.Request.AsSpan(0, length), out _), $"length {length} was accepted");
        }
    }

    [Theory]
    [InlineData(0, 0x40)]  // top bits of the type not zero
    [InlineData(4, 0x00)]  // wrong magic cookie
    [InlineData(3, 0x59)]  // header length not a multiple of 4
    [InlineData(3, 0x5C)]  // header length longer than the datagram
    [InlineData(22, 0x30)] // first attribute's length runs past the end
    public void Malformed_framing_is_rejected(int index, byte value)
    {
        var bad = (byte[])Rfc5769Vectors.Request.Clone();
        bad[index] = value;
        Assert.False(StunMessage.TryParse(bad, out _));
    }

    [Fact]
    public void An_attribute_after_fingerprint_is_rejected()
    {
        var extended = Rfc5769Vectors.Request.Concat(new byte[] { 0x00, 0x25, 0x00, 0x00 }).ToArray();
        extended[3] += 4;
        Assert.False(StunMessage.TryParse(extended, out _));
    }
}
