using Convene.Media.Transport;

namespace Convene.Media.Tests.Transport;

/// <summary>The RFC 7983 §7 first-byte ranges.</summary>
public sealed class PacketClassifierTests
{
    [Theory]
    [InlineData(0, PacketKind.Stun)]
    [InlineData(3, PacketKind.Stun)]
    [InlineData(4, PacketKind.Unknown)]
    [InlineData(19, PacketKind.Unknown)]
    [InlineData(20, PacketKind.Dtls)]
    [InlineData(63, PacketKind.Dtls)]
    [InlineData(64, PacketKind.Unknown)]  // TURN channel data (not used: no TURN)
    [InlineData(127, PacketKind.Unknown)]
    [InlineData(128, PacketKind.Rtp)]
    [InlineData(191, PacketKind.Rtp)]
    [InlineData(192, PacketKind.Unknown)]
    [InlineData(255, PacketKind.Unknown)]
    public void First_byte_selects_the_protocol(byte first, PacketKind expected)
        => Assert.Equal(expected, PacketClassifier.Classify([first, 0, 0, 0]));

    [Fact]
    public void An_empty_datagram_is_unknown()
        => Assert.Equal(PacketKind.Unknown, PacketClassifier.Classify([]));

    [Theory]
    [InlineData(200, true)]  // SR
    [InlineData(201, true)]  // RR
    [InlineData(206, true)]  // PSFB
    [InlineData(111, false)] // Opus, no marker
    [InlineData(224, false)] // VP8 (96) with the marker bit
    public void Rtcp_is_told_from_rtp_by_the_second_byte(byte second, bool isRtcp)
        => Assert.Equal(isRtcp, PacketClassifier.IsRtcp([0x80, second, 0, 1]));
}
