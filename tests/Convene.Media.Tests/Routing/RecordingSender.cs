using System.Buffers.Binary;
using Convene.Media.Relay;

namespace Convene.Media.Tests.Routing;

/// <summary>A test double of <see cref="IMediaSender"/> that keeps a copy of every packet.</summary>
internal sealed class RecordingSender : IMediaSender
{
    public List<byte[]> Rtp { get; } = [];

    public List<byte[]> Rtcp { get; } = [];

    public void SendRtp(ReadOnlySpan<byte> packet) => Rtp.Add(packet.ToArray());

    public void SendRtcp(ReadOnlySpan<byte> packet) => Rtcp.Add(packet.ToArray());

    public int PliCount => Rtcp.Count(p => p.Length >= 12 && p[1] == 206 && (p[0] & 0x1F) == 1);

    public ushort Seq(int index) => BinaryPrimitives.ReadUInt16BigEndian(Rtp[index].AsSpan(2));

    public uint Timestamp(int index) => BinaryPrimitives.ReadUInt32BigEndian(Rtp[index].AsSpan(4));

    public uint Ssrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(Rtp[index].AsSpan(8));

    /// <summary>The sequence number of the last packet sent on <paramref name="ssrc"/>.</summary>
    public ushort LastMediaSeq(uint ssrc) => Seq(Rtp.FindLastIndex(p => BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(8)) == ssrc));
}
