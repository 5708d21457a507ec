using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Convene.Media.Relay;
using Convene.Media.Rtp;

namespace Convene.Bench.Media;

/// <summary>
/// <c>idle</c>: what connected peers cost when little or nothing flows. K headless peers (ICE + DTLS + SRTP) in K/2 rooms
/// of one publisher and one subscriber each; publishers send <c>--rate</c> packets/s (0: idle). Reports the process CPU
/// over the window beside a same-run baseline: the same relay with no room open.
/// </summary>
internal static class IdleCommand
{
    private const int PayloadLength = 160; // an Opus-sized packet
    private const uint SsrcBase = 0xA0000000;

    public static int Run(string[] args)
    {
        var peerCounts = Option(args, "--peers", "1,50").Split(',').Select(int.Parse).ToArray();
        var seconds = double.Parse(Option(args, "--seconds", "10"), CultureInfo.InvariantCulture);
        var rate = double.Parse(Option(args, "--rate", "0"), CultureInfo.InvariantCulture);
        Console.WriteLine($"idle: K peers in ceil(K/2) rooms (a publisher and a subscriber each), publishers sending {rate} packets/s of {12 + PayloadLength} bytes, {seconds} s per window");
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores (shared), {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
        Console.WriteLine("CPU = process CPU time (all threads) over the window. Baseline, measured right before in the same process: the same relay with no");
        Console.WriteLine("room open, and the same sending thread protecting and sending the publishers' packets to an unread socket instead.");
        Console.WriteLine();
        Console.WriteLine("| peers | rooms | baseline % of a core | with peers % of a core | added % of a core per peer | added µs CPU per peer per s | relay packets in/out per s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        var threads = new List<string>();
        foreach (var k in peerCounts)
        {
            var (baseline, withPeers, traffic) = MeasureAsync(k, rate, seconds).GetAwaiter().GetResult();
            double added = withPeers.Share - baseline.Share; // fraction of a core
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {k} | {(k + 1) / 2} | {baseline.Share * 100:F3} | {withPeers.Share * 100:F3} | {added * 100 / k:F4} | {added * 1e6 / k:F1} | {traffic} |"));
            threads.Add($"{k} peers — baseline: {baseline.Threads}; with peers: {withPeers.Threads}");
        }

        Console.WriteLine();
        Console.WriteLine("CPU by thread (% of a core):");
        threads.ForEach(Console.WriteLine);

        return 0;
    }

    private static async Task<((double Share, string Threads) Baseline, (double Share, string Threads) WithPeers, string Traffic)> MeasureAsync(int peerCount, double rate, double seconds)
    {
        await using var relay = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        CoreShare(3); // warm-up: the first ticks JIT the clock path, tiered compilation settles
        var baseline = MeasureBaseline(peerCount, rate, seconds);

        var rooms = new List<IRoomRelay>();
        var peers = new List<HeadlessPeer>();
        var publishers = new List<(HeadlessPeer Peer, uint Ssrc)>();
        try
        {
            for (int i = 0; i < peerCount; i++)
            {
                int room = i / 2;
                if (i % 2 == 0)
                {
                    rooms.Add(relay.OpenRoom($"idle{room}", new RoomMediaSettings()));
                }

                var peer = new HeadlessPeer(relay.LocalEndPoint);
                peers.Add(peer);
                if (i % 2 == 0)
                {
                    uint ssrc = SsrcBase + (uint)room;
                    peer.Connect(rooms[room].Publish($"p{room}", "camera", peer.Offer(publish: true, ssrc)));
                    publishers.Add((peer, ssrc));
                }
                else
                {
                    peer.Connect(rooms[room].Subscribe($"s{room}", "camera", audio: false, video: true, peer.Offer(publish: false, 0)));
                }
            }

            var buffer = new byte[1600];
            long next = 0;
            void Send(long _)
            {
                long n = next++;
                foreach (var (peer, ssrc) in publishers)
                {
                    RtpPacket.WriteHeader(buffer, 96, (ushort)n, (uint)(n * 960), ssrc);
                    buffer[12] = 0x10;
                    buffer[13] = (byte)(n % 50 == 0 ? 0x50 : 0x51); // VP8: a keyframe every 50 packets starts late down-tracks
                    peer.Srtp.Outbound.ProtectRtp(buffer, 12 + PayloadLength, out int length);
                    peer.Socket.Send(buffer.AsSpan(0, length), SocketFlags.None);
                }
            }

            // Let handshake threads (DTLS post-handshake window, 3 s) and subscriptions settle before measuring.
            using (var settle = rate > 0 ? new Ticker(rate, Send) : null)
            {
                Thread.Sleep(TimeSpan.FromSeconds(4));
            }

            long in0 = relay.Counters.RtpIn + relay.Counters.RtcpIn, out0 = relay.Counters.RtpOut + relay.Counters.RtcpOut;
            var withPeers = CoreShare(seconds, rate > 0 ? () => new Ticker(rate, Send) : null);
            long packetsIn = relay.Counters.RtpIn + relay.Counters.RtcpIn - in0, packetsOut = relay.Counters.RtpOut + relay.Counters.RtcpOut - out0;
            return (baseline, withPeers, string.Create(CultureInfo.InvariantCulture, $"{packetsIn / seconds:F0} / {packetsOut / seconds:F0}"));
        }
        finally
        {
            foreach (var room in rooms)
            {
                room.Dispose();
            }

            foreach (var peer in peers)
            {
                peer.Dispose();
            }
        }
    }

    // The sending thread alone: each publisher's packets protected and sent to an unread loopback socket.
    private static (double Share, string Threads) MeasureBaseline(int peerCount, double rate, double seconds)
    {
        if (rate <= 0)
        {
            return CoreShare(seconds);
        }

        int publishers = (peerCount + 1) / 2;
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // never read: the kernel drops what overflows
        var senders = new List<(Socket Socket, Convene.Media.Srtp.SrtpContext Srtp)>();
        try
        {
            for (int i = 0; i < publishers; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                socket.Connect(sink.LocalEndPoint!);
                var key = new byte[16];
                var salt = new byte[14];
                Random.Shared.NextBytes(key);
                senders.Add((socket, Convene.Media.Srtp.SrtpContext.Create(Convene.Media.Srtp.SrtpProfile.AesCm128HmacSha1_80, key, salt)));
            }

            var buffer = new byte[1600];
            void Send(long n)
            {
                for (int i = 0; i < senders.Count; i++)
                {
                    RtpPacket.WriteHeader(buffer, 96, (ushort)n, (uint)(n * 960), SsrcBase + (uint)i);
                    senders[i].Srtp.ProtectRtp(buffer, 12 + PayloadLength, out int length);
                    senders[i].Socket.Send(buffer.AsSpan(0, length), SocketFlags.None);
                }
            }

            CoreShare(2, () => new Ticker(rate, Send)); // warm-up (JIT tiers)
            return CoreShare(seconds, () => new Ticker(rate, Send));
        }
        finally
        {
            foreach (var (socket, srtp) in senders)
            {
                socket.Dispose();
                srtp.Dispose();
            }
        }
    }

    // Process CPU over `seconds`, as a fraction of one core.
    private static (double Share, string Threads) CoreShare(double seconds, Func<IDisposable>? load = null)
    {
        var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        var threads0 = ThreadCpu.Snapshot();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using (load?.Invoke())
        {
            using var wait = new ManualResetEventSlim(false, spinCount: 0);
            wait.Wait(TimeSpan.FromSeconds(seconds));
        }

        process.Refresh();
        double elapsed = clock.Elapsed.TotalSeconds;
        double share = (process.TotalProcessorTime - cpu0).TotalSeconds / elapsed;
        return (share, ThreadCpu.Describe(threads0, ThreadCpu.Snapshot(), elapsed));
    }

    private static string Option(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
