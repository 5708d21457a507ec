using System.Diagnostics;
using System.Net;
using Convene.Media.Relay;

namespace Convene.Media.Tests.Relay;

/// <summary>The relay's per-packet path (receive, SRTP unprotect, route, protect, send ×N) allocates nothing.</summary>
[Collection(RelayAllocationCollection.Name)]
public sealed class RelayAllocationTests
{
    private const int Packets = 40_000;
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(true)] // the packet's three copies leave in one sendmmsg (Linux)
    [InlineData(false)] // one sendto each
    public async Task Forwarding_to_three_subscribers_allocates_nothing_per_packet_in_steady_state(bool batchedSends)
    {
        await using var relay = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Loopback, Port = 0, BatchedSends = batchedSends });
        using var room = relay.OpenRoom("alloc", new RoomMediaSettings());
        using var publisher = await SyntheticPeer.ConnectAsync(relay.LocalEndPoint, o => room.Publish("alice", "mic", o), publish: true, 0x11223344, _timeout);
        var subscribers = new List<SyntheticPeer>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                subscribers.Add(await SyntheticPeer.ConnectAsync(relay.LocalEndPoint, o => room.Subscribe($"viewer{i}", "mic", true, false, o), publish: false, 0, _timeout));
            }

            // Down-tracks attach once the relay's side of DTLS completes (a thread-pool continuation): wait for all three.
            await RelayPublishSubscribeTests.WaitUntil(
                () => ((RoomRelay)room).Streams.Single().Subscriptions is { Length: 3 } all && all.All(s => s.Audio is not null),
                () => "three attached subscriptions",
                _timeout);
            ushort seq = 1;
            Pump(relay, publisher, ref seq, 2000); // warm up: JIT, SRTP stream state, caches
            // The counter is process-wide: a burst from elsewhere in the process (a timer, another test's leftovers)
            // can land in one window. A per-packet allocation shows in every window, so the least of three counts.
            long allocated = long.MaxValue, forwarded = 0;
            for (int window = 0; window < 3 && allocated >= 12L * Packets; window++)
            {
                long forwarded0 = relay.Counters.RtpOut;
                long allocated0 = GC.GetTotalAllocatedBytes(precise: true);
                Pump(relay, publisher, ref seq, Packets);
                allocated = Math.Min(allocated, GC.GetTotalAllocatedBytes(precise: true) - allocated0);
                forwarded = relay.Counters.RtpOut - forwarded0;
            }

            // The subscribers offered transport-cc: every packet to them was stamped with a transport-wide number.
            Assert.All(((RoomRelay)room).Streams.Single().Subscriptions, s => Assert.NotNull(s.Peer.Congestion));
            Assert.True(forwarded >= 3 * Packets * 95 / 100, $"Expected about {3 * Packets} forwarded packets, found {forwarded}; {relay.Counters}");
            Assert.Equal(batchedSends && OperatingSystem.IsLinux() && Environment.Is64BitProcess, relay.SendBatch.UsesSendMmsg);
            if (relay.SendBatch.UsesSendMmsg)
            {
                long datagrams = relay.Counters.RtpOut + relay.Counters.RtcpOut, calls = relay.SendBatch.SystemCalls;
                Assert.True(calls < datagrams / 2, $"Expected each packet's three copies in one system call, found {calls} calls for {datagrams} datagrams");
            }
            // An allocation per packet is at least 24 bytes (one object), i.e. ≥ 24 × Packets in the window. What is
            // left is time-based noise of the process (timers, other tests' leftovers), well under half of that.
            Assert.True(
                allocated < 12L * Packets,
                $"Expected less than half an object per published packet, found {allocated} bytes for {Packets} published and {forwarded} forwarded packets ({(double)allocated / forwarded:F2} B/forwarded packet).");
        }
        finally
        {
            foreach (var subscriber in subscribers)
            {
                subscriber.Dispose();
            }
        }
    }

    /// <summary>Sends <paramref name="count"/> packets in bursts of 50, each burst after the relay took the previous one.</summary>
    private static void Pump(MediaRelay relay, SyntheticPeer publisher, ref ushort seq, int count)
    {
        var watch = Stopwatch.StartNew();
        for (int sent = 0; sent < count; sent += 50)
        {
            long target = relay.Counters.RtpIn + 50;
            RoomRelayTests.SendAudio(publisher, ref seq, 50);
            var spinner = new SpinWait();
            while (relay.Counters.RtpIn < target)
            {
                if (watch.Elapsed > _timeout)
                {
                    throw new TimeoutException($"Expected the relay to receive {target} packets; {relay.Counters}");
                }

                spinner.SpinOnce();
            }
        }
    }
}
