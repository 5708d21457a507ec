using System.Buffers.Binary;
using Convene.Media.Relay;

namespace Convene.Media.Tests.Routing;

/// <summary>
/// A test double of <see cref="IMediaSender"/> that keeps a copy of every packet; with a transport-wide id it hands out
/// transport-wide sequence numbers as a transport-cc peer does (<see cref="TransportWideSent"/> counts those used).
/// </summary>
internal sealed class RecordingSender(byte transportWideId = 0) : IMediaSender
{
    private readonly byte[] _slot = new byte[2048 - 64];

    public List<byte[]> Rtp { get; } = [];

    public List<byte[]> Rtcp { get; } = [];

    public ushort TransportWideSent { get; private set; }

    public RtpSlot ReserveRtp() => new(_slot, transportWideId, TransportWideSent);

    public void CommitRtp(int length, bool transportWideStamped)
    {
        Rtp.Add(_slot.AsSpan(0, length).ToArray());
        TransportWideSent += transportWideStamped ? (ushort)1 : (ushort)0;
    }

    public void SendRtcp(ReadOnlySpan<byte> packet) => Rtcp.Add(packet.ToArray());

    public int PliCount => Rtcp.Count(p => p.Length >= 12 && p[1] == 206 && (p[0] & 0x1F) == 1);

    public ushort Seq(int index) => BinaryPrimitives.ReadUInt16BigEndian(Rtp[index].AsSpan(2));

    public uint Timestamp(int index) => BinaryPrimitives.ReadUInt32BigEndian(Rtp[index].AsSpan(4));

    public uint Ssrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(Rtp[index].AsSpan(8));

    /// <summary>The sequence number of the last packet sent on <paramref name="ssrc"/>.</summary>
    public ushort LastMediaSeq(uint ssrc) => Seq(Rtp.FindLastIndex(p => BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(8)) == ssrc));
}
