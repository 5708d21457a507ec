using Convene.Media.Relay;
using Convene.Media.Routing;
using Convene.Media.Rtp;

namespace Convene.Media.Tests.Routing;

/// <summary>
/// The one-pass writer of a forwarded packet writes the same bytes the two-step path did (<see cref="ReferenceSendPath"/>),
/// for every packet shape (extension forms, dropped elements, CSRCs, padding) × transport-cc (none, one-byte id, two-byte
/// id) × playout delay (none, set) × media or RTX.
/// </summary>
public sealed class ForwardedRtpWriterTests
{
    private const uint Ssrc = 0x11112222, RtxSsrc = 0x33334444;
    private const byte PayloadType = 100, RtxPayloadType = 101, PlayoutDelayId = 6;

    // Publisher id → subscriber id: 1 stays 1, 2 is dropped, 4 becomes 3 (the transport-cc id of some subscribers: the
    // element is then present and the transport-wide number is not added), 7 becomes 9, 20 (two-byte) becomes 12.
    private static readonly byte[] _map = Map((1, 1), (4, 3), (7, 9), (20, 12));

    public static TheoryData<string> Shapes => new(
        "bare", "csrcs", "one-byte", "one-byte last dropped", "one-byte all dropped", "one-byte id 4",
        "two-byte", "padding", "one-byte and padding", "full one-byte block");

    public static TheoryData<string, byte, int, bool> Cases()
    {
        var data = new TheoryData<string, byte, int, bool>();
        foreach (string shape in Shapes)
        {
            foreach (byte transportWideId in new byte[] { 0, 3, 20 })
            {
                foreach (int playoutDelay in new[] { -1, 0, 25 })
                {
                    data.Add(shape, transportWideId, playoutDelay, false);
                    data.Add(shape, transportWideId, playoutDelay, true);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writes_the_bytes_of_the_two_step_path(string shape, byte transportWideId, int playoutDelay, bool rtx)
    {
        byte[] source = Source(shape);
        const ushort seq = 40_000, rtxSeq = 7, transportWideSeq = 0xFFFE;
        const uint timestamp = 0xDEADBEEF;
        byte[] expected = ReferenceSendPath.Write(
            source, Ssrc, PayloadType, seq, timestamp, _map, PlayoutDelayId, playoutDelay, transportWideId, transportWideSeq,
            rtx ? (RtxSsrc, RtxPayloadType, rtxSeq) : null, out bool expectedStamped);

        var slot = new byte[1984];
        slot.AsSpan().Fill(0xEE); // what a previous datagram left in the slot must not show
        RtpRewrite rewrite = rtx
            ? new RtpRewrite(RtxSsrc, RtxPayloadType, rtxSeq, timestamp, OriginalSequence: seq)
            : new RtpRewrite(Ssrc, PayloadType, seq, timestamp);
        int length = ForwardedRtpWriter.Write(
            source, new RtpSlot(slot, transportWideId, transportWideSeq), rewrite, _map, PlayoutDelayId, playoutDelay, out bool stamped, out int payloadLength);

        Assert.Equal(Hex.Of(expected), Hex.Of(slot.AsSpan(0, length)));
        Assert.Equal(expectedStamped, stamped);
        Assert.True(RtpPacket.TryParse(source.ToArray(), out RtpPacket original));
        Assert.Equal(original.Payload.Length, payloadLength);
    }

    [Fact]
    public void A_packet_that_does_not_fit_or_is_not_rtp_is_not_written()
    {
        byte[] source = Source("one-byte");
        var rewrite = new RtpRewrite(Ssrc, PayloadType, 1, 2);
        Assert.Equal(0, ForwardedRtpWriter.Write(source, new RtpSlot(new byte[source.Length + 3], 3, 1), rewrite, _map, PlayoutDelayId, 25, out bool stamped, out _));
        Assert.False(stamped);
        Assert.Equal(source.Length, ForwardedRtpWriter.Write(source, new RtpSlot(new byte[source.Length]), rewrite, _map, PlayoutDelayId, -1, out _, out _));
        Assert.Equal(0, ForwardedRtpWriter.Write(source.AsSpan(0, 11), new RtpSlot(new byte[100]), rewrite, _map, PlayoutDelayId, -1, out _, out _));
        byte[] version1 = source.ToArray();
        version1[0] = 0x50;
        Assert.Equal(0, ForwardedRtpWriter.Write(version1, new RtpSlot(new byte[100]), rewrite, _map, PlayoutDelayId, -1, out _, out _));
    }

    private static byte[] Source(string shape)
    {
        var buffer = new byte[300];
        RtpPacket.WriteHeader(buffer, 96, 1234, 5678, 0xAABBCCDD, marker: true);
        int length = 12;
        if (shape == "csrcs")
        {
            buffer[0] |= 2;
            new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }.CopyTo(buffer, 12);
            length = 20;
        }

        byte[] payload = [0x10, 0x51, .. Enumerable.Range(0, 40).Select(i => (byte)(i * 3))];
        payload.CopyTo(buffer, length);
        length += payload.Length;
        switch (shape)
        {
            case "one-byte":
                length = Insert(buffer, length, (1, [0x85]), (2, [1, 2, 3]), (7, [9, 9]));
                break;
            case "one-byte last dropped":
                length = Insert(buffer, length, (1, [0x85]), (7, [9, 9]), (2, [1, 2, 3, 4, 5, 6]));
                break;
            case "one-byte all dropped":
                length = Insert(buffer, length, (2, [1, 2, 3]), (5, [4]));
                break;
            case "one-byte id 4":
                length = Insert(buffer, length, (4, [0, 1]), (1, [0x85]));
                break;
            case "two-byte":
                length = Insert(buffer, length, (20, [1, 2]), (1, [3]), (2, [4, 5, 6]));
                break;
            case "padding":
                length = Pad(buffer, length, 4);
                break;
            case "one-byte and padding":
                length = Insert(buffer, length, (1, [0x85]), (2, [1, 2, 3]));
                length = Pad(buffer, length, 3);
                break;
            case "full one-byte block":
                length = Insert(buffer, length, (1, [0x85, 1, 2]), (7, [9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]));
                break;
        }

        return buffer.AsSpan(0, length).ToArray();
    }

    private static int Insert(byte[] buffer, int length, params (int Id, byte[] Value)[] elements)
    {
        foreach (var (id, value) in elements)
        {
            Assert.True(RtpHeaderExtensions.TryInsert(buffer, length, id, value, out length));
        }

        return length;
    }

    private static int Pad(byte[] buffer, int length, int padding)
    {
        buffer[0] |= 0x20;
        buffer.AsSpan(length, padding - 1).Clear();
        buffer[length + padding - 1] = (byte)padding;
        return length + padding;
    }

    private static byte[] Map(params (int From, byte To)[] pairs)
    {
        var map = new byte[256];
        foreach (var (from, to) in pairs)
        {
            map[from] = to;
        }

        return map;
    }
}
