using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Convene.Media.Relay;
using Convene.Media.Rtcp;
using Convene.Media.Rtp;
using Convene.Media.Tests.Interop;
using Xunit.Abstractions;
using static Convene.Media.Tests.Interop.RelayBrowserFixture;

namespace Convene.Media.Tests.Relay;

/// <summary>Random and mutated datagrams thrown at the relay's port while Chromium publishes to a Chromium subscriber.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class RelayFuzzTests(RelayBrowserFixture fx, ITestOutputHelper output)
{
    private const int Datagrams = 100_000;
    private static readonly TimeSpan _bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_subscriber_keeps_decoding_while_100000_garbage_datagrams_hit_the_port_and_each_is_counted_as_dropped()
    {
        await using var call = fx.OpenRoom(new RoomMediaSettings());
        var room = call.Room;
        string pub = call.NewPc("pub"), sub = call.NewPc("sub");
        await fx.PublishAsync(room, "alice", "cam", pub);
        await fx.SubscribeAsync(room, "bob", "cam", sub);
        var before = await fx.WaitForAsync(sub, s => Long(s, "video", "framesDecoded") > 5, "frames before the fuzzing");

        // A connected peer of our own (same room) so that mutated SRTP reaches the relay's SRTP layer, plus a
        // stray socket the transport knows nothing about.
        using var fuzzer = await SyntheticPeer.ConnectAsync(fx.Relay.LocalEndPoint, offer => room.Publish("fuzzer", "fuzz", offer), publish: true, 0x0F0F0F0F, Step);
        using var stray = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stray.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var transportDropped = fx.Relay.Counters.Transport.TotalDropped;
        var relayDropped = fx.Relay.Counters.TotalDropped;
        var dtlsDelivered = fx.Relay.Counters.Transport.DtlsDelivered;

        var rng = new Random(20261121);
        var buffer = new byte[1500];
        var watch = Stopwatch.StartNew();
        int sent = 0;
        ushort seq = 1;
        while (sent < Datagrams && watch.Elapsed < _bound)
        {
            for (int i = 0; i < 250 && sent < Datagrams; i++, sent++)
            {
                int length = NextDatagram(rng, fuzzer, buffer, ref seq, out bool fromStray);
                if (fromStray)
                {
                    stray.SendTo(buffer.AsSpan(0, length), SocketFlags.None, fx.Relay.LocalEndPoint);
                }
                else
                {
                    fuzzer.Send(buffer.AsSpan(0, length));
                }
            }

            await Task.Delay(1); // keep the kernel's receive buffer from overflowing onto the browsers' packets
        }

        var fuzzTime = watch.Elapsed;
        var during = await fx.StatsAsync(sub);
        var after = await fx.WaitForAsync(sub, s => Long(s, "video", "framesDecoded") > Long(during, "video", "framesDecoded") + 15, "frames still decoding after the fuzzing");
        var counters = fx.Relay.Counters;
        output.WriteLine($"{sent} datagrams in {fuzzTime.TotalSeconds:F1} s; frames {Long(before, "video", "framesDecoded")} → {Long(during, "video", "framesDecoded")} (end of fuzzing) → {Long(after, "video", "framesDecoded")}");
        output.WriteLine($"relay: {counters}");

        Assert.Equal(Datagrams, sent);
        Assert.True(
            Long(during, "video", "framesDecoded") > Long(before, "video", "framesDecoded") + (int)fuzzTime.TotalSeconds * 5,
            $"Expected frames to keep decoding during {fuzzTime.TotalSeconds:F1} s of fuzzing, found {Long(before, "video", "framesDecoded")} → {Long(during, "video", "framesDecoded")}.");
        long transportDrops = counters.Transport.TotalDropped - transportDropped;
        long relayDrops = counters.TotalDropped - relayDropped;
        long dtlsRecords = counters.Transport.DtlsDelivered - dtlsDelivered; // taken by the finished association, which discards them
        Assert.True(transportDrops > Datagrams / 5, $"Expected the transport's drops to rise by more than {Datagrams / 5}, found {transportDrops}; {counters}");
        Assert.True(relayDrops > Datagrams / 5, $"Expected the relay's drops to rise by more than {Datagrams / 5}, found {relayDrops}; {counters}");
        Assert.True(counters.Dropped(RelayDropReason.AuthFailed) > 1000, $"Expected mutated SRTP to fail authentication; {counters}");
        Assert.True(
            transportDrops + relayDrops + dtlsRecords >= Datagrams * 97L / 100,
            $"Expected (nearly) every garbage datagram to be accounted for as dropped, found {transportDrops} + {relayDrops} + {dtlsRecords} DTLS records of {Datagrams}; {counters}");
        Assert.Equal("connected", (string?)after["dtlsState"]);
    }

    private static int NextDatagram(Random rng, SyntheticPeer fuzzer, byte[] buffer, ref ushort seq, out bool fromStray)
    {
        fromStray = false;
        switch (rng.Next(8))
        {
            case 0: // anything
                fromStray = rng.Next(2) == 0;
                return Random(rng, buffer, rng.Next(1, 1400));
            case 1: // a first byte in each RFC 7983 range: STUN 0-3, DTLS 20-63, RTP/RTCP 128-191
            {
                int length = Random(rng, buffer, rng.Next(1, 300));
                buffer[0] = (byte)(rng.Next(3) switch { 0 => rng.Next(0, 4), 1 => rng.Next(20, 64), _ => rng.Next(128, 192) });
                return length;
            }

            case 2: // the publisher's valid check, mutated (bad integrity, fingerprint, lengths, truncation)
                return Mutate(rng, buffer, fuzzer.BindingRequest, fuzzer.BindingRequest.Length);
            case 3: // DTLS-looking records after the handshake
            {
                int length = Random(rng, buffer, rng.Next(13, 200));
                buffer[0] = (byte)rng.Next(20, 26);
                buffer[1] = 0xFE;
                buffer[2] = 0xFD;
                return length;
            }

            case 4 or 5: // SRTP with the right keys, then a flipped bit: authentication fails
            {
                int length = ProtectRtp(rng, fuzzer, buffer, seq++, 0x0F0F0F0F, 111);
                buffer[rng.Next(length)] ^= (byte)(1 << rng.Next(8));
                return length;
            }

            case 6: // valid SRTP the router must refuse: an SSRC the offer did not announce, or a wrong payload type
                return rng.Next(2) == 0
                    ? ProtectRtp(rng, fuzzer, buffer, seq++, (uint)rng.Next(), 111)
                    : ProtectRtp(rng, fuzzer, buffer, seq++, 0x0F0F0F0F, (byte)rng.Next(0, 128));
            default: // SRTCP, mutated
            {
                int length = ReceiverReport.Write(buffer, 0x0F0F0F0F, ReadOnlySpan<ReportBlock>.Empty);
                fuzzer.Srtp.Outbound.ProtectRtcp(buffer, length, out length);
                buffer[rng.Next(length)] ^= (byte)(1 << rng.Next(8));
                return length;
            }
        }
    }

    private static int ProtectRtp(Random rng, SyntheticPeer fuzzer, byte[] buffer, ushort seq, uint ssrc, byte payloadType)
    {
        int header = RtpPacket.WriteHeader(buffer, payloadType, seq, (uint)seq * 960, ssrc);
        int length = header + rng.Next(1, 200);
        rng.NextBytes(buffer.AsSpan(header, length - header));
        fuzzer.Srtp.Outbound.ProtectRtp(buffer, length, out int protectedLength);
        return protectedLength;
    }

    private static int Random(Random rng, byte[] buffer, int length)
    {
        rng.NextBytes(buffer.AsSpan(0, length));
        return length;
    }

    private static int Mutate(Random rng, byte[] buffer, byte[] template, int length)
    {
        template.CopyTo(buffer, 0);
        for (int flips = rng.Next(1, 4); flips > 0; flips--)
        {
            buffer[rng.Next(length)] ^= (byte)rng.Next(1, 256);
        }

        return rng.Next(4) == 0 ? rng.Next(1, length) : length;
    }
}
