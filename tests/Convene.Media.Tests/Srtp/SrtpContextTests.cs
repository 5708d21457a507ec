using System.Buffers.Binary;
using Convene.Media.Srtp;

namespace Convene.Media.Tests.Srtp;

/// <summary>Round trips, replay protection, ROC rollover, DTLS-SRTP key split and malformed input.</summary>
public sealed class SrtpContextTests
{
    public static TheoryData<SrtpProfile> Profiles => new() { SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm };

    private static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProfile profile)
    {
        byte[] material = new byte[SrtpKeyLengths.KeyingMaterial(profile)];
        for (int i = 0; i < material.Length; i++)
        {
            material[i] = (byte)(i * 7 + 3);
        }

        var server = SrtpSession.FromDtlsKeyingMaterial(material, profile, isServer: true);
        var client = SrtpSession.FromDtlsKeyingMaterial(material, profile, isServer: false);
        return (server.Outbound, client.Inbound);
    }

    private static byte[] RtpPacket(ushort seq, uint ssrc = 0x11223344, int payload = 100)
    {
        var packet = new byte[12 + payload + 16];
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), seq * 3000u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (int i = 0; i < payload; i++)
        {
            packet[12 + i] = (byte)(seq + i);
        }

        return packet;
    }

    private static byte[] Protect(SrtpContext sender, ushort seq, int payload = 100)
    {
        byte[] buffer = RtpPacket(seq, payload: payload);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(buffer, 12 + payload, out int length));
        return buffer.AsSpan(0, length).ToArray();
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Roundtrip_ServerToClient(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        byte[] original = RtpPacket(1000).AsSpan(0, 112).ToArray();
        byte[] wire = Protect(sender, 1000);
        Assert.NotEqual(Hex.Of(original.AsSpan(12)), Hex.Of(wire.AsSpan(12, 100)));

        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(wire, out int length));

        Assert.Equal(Hex.Of(original), Hex.Of(wire.AsSpan(0, length)));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ClientKeysDoNotOpenServerPackets(SrtpProfile profile)
    {
        var (sender, _) = Pair(profile);
        byte[] material = new byte[SrtpKeyLengths.KeyingMaterial(profile)];
        for (int i = 0; i < material.Length; i++)
        {
            material[i] = (byte)(i * 7 + 3);
        }

        using var sameRole = SrtpSession.FromDtlsKeyingMaterial(material, profile, isServer: true);

        Assert.Equal(SrtpStatus.AuthFailed, sameRole.Inbound.UnprotectRtp(Protect(sender, 5), out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Replay_IsRejected_ReorderWithinWindowAccepted(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        byte[][] wire = new byte[100][];
        for (int i = 0; i < wire.Length; i++)
        {
            wire[i] = Protect(sender, (ushort)(i + 1));
        }

        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(wire[99].ToArray(), out _));
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(wire[50].ToArray(), out _)); // 49 behind: inside the window
        Assert.Equal(SrtpStatus.Replayed, receiver.UnprotectRtp(wire[50].ToArray(), out _));
        Assert.Equal(SrtpStatus.Replayed, receiver.UnprotectRtp(wire[99].ToArray(), out _));
        Assert.Equal(SrtpStatus.Replayed, receiver.UnprotectRtp(wire[10].ToArray(), out _)); // 89 behind: too old
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void SequenceWrap_IncrementsRoc_AndKeepsDecrypting(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        ushort seq = 65530;
        for (int i = 0; i < 20; i++, seq++)
        {
            byte[] wire = Protect(sender, seq);
            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(wire, out int length));
            Assert.Equal(12 + 100, length);
        }

        Assert.Equal(1u, sender.GetRolloverCounter(0x11223344));
        Assert.Equal(1u, receiver.GetRolloverCounter(0x11223344));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void LatePacketFromBeforeWrap_UsesPreviousRoc(SrtpProfile profile)
    {
        var (sender2, receiver2) = Pair(profile);
        byte[] a = Protect(sender2, 65534);
        byte[] b = Protect(sender2, 65535);
        byte[] c = Protect(sender2, 1);
        Assert.Equal(SrtpStatus.Ok, receiver2.UnprotectRtp(a, out _));
        Assert.Equal(SrtpStatus.Ok, receiver2.UnprotectRtp(c, out _));
        Assert.Equal(SrtpStatus.Ok, receiver2.UnprotectRtp(b, out _)); // late, ROC estimated as 0
        Assert.Equal(1u, receiver2.GetRolloverCounter(0x11223344));
        Assert.Equal(SrtpStatus.Replayed, receiver2.UnprotectRtp(Protect(sender2, 1), out _)); // same index again
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Srtcp_Roundtrip_ReplayAndTamper(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        byte[] rtcp = Hex.Parse("81c90007 11223344 55667788 00000001 00000064 00000000 00000000 00000000");
        var buffer = new byte[rtcp.Length + sender.RtcpOverhead];
        rtcp.CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(buffer, rtcp.Length, out int length));
        Assert.NotEqual(Hex.Of(rtcp.AsSpan(8)), Hex.Of(buffer.AsSpan(8, rtcp.Length - 8)));

        byte[] tampered = buffer.AsSpan(0, length).ToArray();
        tampered[10] ^= 4;
        Assert.Equal(SrtpStatus.AuthFailed, receiver.UnprotectRtcp(tampered, out _));

        byte[] copy = buffer.AsSpan(0, length).ToArray();
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(buffer.AsSpan(0, length), out int plain));
        Assert.Equal(Hex.Of(rtcp), Hex.Of(buffer.AsSpan(0, plain)));
        Assert.Equal(SrtpStatus.Replayed, receiver.UnprotectRtcp(copy, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void GarbageInput_ReturnsStatus_NeverThrows(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var random = new Random(42);
        for (int i = 0; i < 2000; i++)
        {
            var garbage = new byte[random.Next(0, 200)];
            random.NextBytes(garbage);
            Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtp(garbage.ToArray(), out _));
            Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtcp(garbage.ToArray(), out _));
            sender.ProtectRtp(garbage.ToArray(), garbage.Length, out _);
            sender.ProtectRtcp(garbage.ToArray(), garbage.Length, out _);
        }

        Assert.Equal(SrtpStatus.TooShort, receiver.UnprotectRtp(new byte[5], out _));
        Assert.Equal(SrtpStatus.BufferTooSmall, sender.ProtectRtp(RtpPacket(1).AsSpan(0, 112), 112, out _));
    }

    [Fact]
    public void KeyingMaterialOfWrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => SrtpSession.FromDtlsKeyingMaterial(new byte[59], SrtpProfile.AesCm128HmacSha1_80));
        Assert.Equal(60, SrtpKeyLengths.KeyingMaterial(SrtpProfile.AesCm128HmacSha1_80));
        Assert.Equal(56, SrtpKeyLengths.KeyingMaterial(SrtpProfile.AeadAes128Gcm));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectAndUnprotect_DoNotAllocate(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        byte[] buffer = RtpPacket(1, payload: 1100);
        byte[] template = buffer.ToArray();
        for (int i = 0; i < 10; i++)
        {
            RoundTrip((ushort)(i + 1));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 10; i < 1010; i++)
        {
            RoundTrip((ushort)(i + 1));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void RoundTrip(ushort seq)
        {
            template.CopyTo(buffer, 0);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), seq);
            sender.ProtectRtp(buffer, 1112, out int length);
            if (receiver.UnprotectRtp(buffer.AsSpan(0, length), out _) != SrtpStatus.Ok)
            {
                throw new InvalidOperationException("round trip failed");
            }
        }
    }
}
