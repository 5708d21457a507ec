using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime;
using System.Security.Cryptography;
using Convene.Media.Relay;
using Convene.Media.Rtp;
using Convene.Media.Srtp;

namespace Convene.Bench.Media;

/// <summary>
/// <c>forward</c>: the real <see cref="MediaRelay"/> end to end over loopback UDP. A headless publisher sends VP8-shaped
/// RTP at a fixed rate; N headless subscribers (ICE + DTLS + SRTP, sockets not read after the handshake) receive it.
/// Reports process CPU per forwarded packet beside a same-run floor: one SRTP protect + one UDP send per packet.
/// </summary>
internal static class ForwardCommand
{
    private const int PayloadLength = 1100;
    private const uint Ssrc = 0xB0B0B0B0;

    public static int Run(string[] args)
    {
        var subscribers = Option(args, "--subscribers", "1,10,50").Split(',').Select(int.Parse).ToArray();
        var seconds = double.Parse(Option(args, "--seconds", "10"), CultureInfo.InvariantCulture);
        var rate = double.Parse(Option(args, "--rate", "1000"), CultureInfo.InvariantCulture);
        var sends = Option(args, "--sends", "batched").Split(',');
        bool transportCc = args.Contains("--transport-cc");
        if (sends.Any(m => m is not ("batched" or "single")))
        {
            Console.Error.WriteLine("--sends takes batched, single or both (batched,single)");
            return 2;
        }
        Console.WriteLine($"forward: publisher {rate} packets/s of {12 + PayloadLength}-byte VP8 RTP, {seconds} s per run, subscribers {string.Join(", ", subscribers)}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores (shared), {RuntimeInformationText()}, server GC {GCSettings.IsServerGC}, {(IsRelease() ? "Release" : "DEBUG (numbers meaningless)")}");
        Console.WriteLine("CPU = process CPU time (all threads: receive loop, timers, the publisher's protect+send, runtime) over the measured window.");
        Console.WriteLine();
        Console.WriteLine("sends: batched = MediaRelayOptions.BatchedSends (one sendmmsg per received packet on Linux), single = one sendto per datagram.");
        Console.WriteLine(transportCc
            ? "subscribers offer transport-cc (--transport-cc): every forwarded packet carries a transport-wide sequence number, as to Chromium."
            : "subscribers offer no header extension (add --transport-cc for Chromium's transport-wide sequence number on every packet).");
        Console.WriteLine();
        Console.WriteLine("| subscribers | sends | forwarded pkt/s | floor µs/pkt (protect+send) | relay µs/fwd pkt (process) | relay µs/fwd pkt (minus publisher) | ratio to floor | kernel share of CPU | fwd pkt/s per core | alloc B/fwd pkt | in→out loss |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var n in subscribers)
        {
            var floor = MeasureFloor(rate * n, seconds);
            foreach (var mode in sends)
            {
                var relay = MeasureRelayAsync(n, rate, seconds, batched: mode == "batched", transportCc).GetAwaiter().GetResult();
                double relayMinusPublisher = (relay.CpuMicroseconds - (floor.MicrosPerPacket * relay.Published)) / relay.Forwarded;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {n} | {mode} | {relay.Forwarded / seconds:F0} | {floor.MicrosPerPacket:F2} | {relay.CpuMicroseconds / relay.Forwarded:F2} | {relayMinusPublisher:F2} | {relayMinusPublisher / floor.MicrosPerPacket:F2} | {relay.KernelMicroseconds / relay.CpuMicroseconds:P0} | {relay.Forwarded / (relay.CpuMicroseconds / 1e6):F0} | {relay.AllocatedBytes / (double)relay.Forwarded:F3} | {relay.Loss} |"));
            }
        }

        return 0;
    }

    private static (double MicrosPerPacket, long Packets) MeasureFloor(double packetsPerSecond, double seconds)
    {
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // never read: the kernel drops what overflows
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Connect(sink.LocalEndPoint!);
        using var srtp = SrtpContext.Create(SrtpProfile.AesCm128HmacSha1_80, RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(14));
        var template = Packet(keyframe: false);
        var buffer = new byte[1600];
        void Send(long n)
        {
            template.CopyTo(buffer, 0);
            RtpPacket.TryParse(buffer.AsSpan(0, template.Length), out var rtp);
            rtp.SequenceNumber = (ushort)n;
            srtp.ProtectRtp(buffer, template.Length, out int length);
            socket.Send(buffer.AsSpan(0, length), SocketFlags.None);
        }

        var (cpu, _, _, packets, _) = Window(packetsPerSecond, seconds, Send, () => 0);
        return (cpu / packets, packets);
    }

    private static async Task<RelayRun> MeasureRelayAsync(int subscribers, double rate, double seconds, bool batched, bool transportCc)
    {
        await using var relay = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Loopback, Port = 0, BatchedSends = batched });
        using var room = relay.OpenRoom("bench", new RoomMediaSettings());
        using var publisher = new HeadlessPeer(relay.LocalEndPoint);
        publisher.Connect(room.Publish("publisher", "camera", publisher.Offer(publish: true, Ssrc)));
        var peers = new List<HeadlessPeer>();
        try
        {
            for (int i = 0; i < subscribers; i++)
            {
                var peer = new HeadlessPeer(relay.LocalEndPoint);
                peers.Add(peer);
                peer.Connect(room.Subscribe($"viewer{i}", "camera", audio: false, video: true, peer.Offer(publish: false, 0, transportCc)));
            }

            var keyframe = Packet(keyframe: true);
            var delta = Packet(keyframe: false);
            var buffer = new byte[1600];
            long next = 0; // continues across the warm-up and measured windows (SRTP replay protection)
            void Send(long _)
            {
                long n = next++;
                var template = n % 300 == 0 ? keyframe : delta; // a keyframe every 300 packets; the first one starts the down-tracks
                template.CopyTo(buffer, 0);
                RtpPacket.TryParse(buffer.AsSpan(0, template.Length), out var rtp);
                rtp.SequenceNumber = (ushort)n;
                rtp.Timestamp = (uint)(n / 10 * 3000);
                publisher.Srtp.Outbound.ProtectRtp(buffer, template.Length, out int length);
                publisher.Socket.Send(buffer.AsSpan(0, length), SocketFlags.None);
            }

            // Warm up (JIT, first keyframe, every down-track started), then measure a fresh window.
            Window(rate, 1.5, Send, () => relay.Counters.RtpOut);
            long rtpIn = relay.Counters.RtpIn;
            var (cpu, kernel, allocated, published, forwarded) = Window(rate, seconds, Send, () => relay.Counters.RtpOut);
            long received = relay.Counters.RtpIn - rtpIn;
            return new RelayRun(cpu, kernel, allocated, published, forwarded, $"{published - received} of {published} in, {relay.Counters}");
        }
        finally
        {
            foreach (var peer in peers)
            {
                peer.Dispose();
            }
        }
    }

    private static (double CpuMicroseconds, double KernelMicroseconds, long AllocatedBytes, long Packets, long Counted) Window(double rate, double seconds, Action<long> send, Func<long> counter)
    {
        var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var kernel0 = process.PrivilegedProcessorTime;
        long alloc0 = GC.GetTotalAllocatedBytes(precise: true);
        long count0 = counter();
        long sent;
        using (var sender = new PacedSender(rate, send))
        {
            using var done = new ManualResetEventSlim(false, spinCount: 0);
            done.Wait(TimeSpan.FromSeconds(seconds));
            sender.Dispose();
            sent = sender.Sent;
        }

        // Let the loop drain what is in flight before reading the counters.
        using (var drain = new ManualResetEventSlim(false, spinCount: 0))
        {
            drain.Wait(50);
        }

        long counted = counter() - count0;
        long alloc1 = GC.GetTotalAllocatedBytes(precise: true);
        process.Refresh();
        var cpu1 = process.TotalProcessorTime;
        var kernel1 = process.PrivilegedProcessorTime;
        return ((cpu1 - cpu0).TotalMicroseconds, (kernel1 - kernel0).TotalMicroseconds, alloc1 - alloc0, sent, counted);
    }

    private static byte[] Packet(bool keyframe)
    {
        var packet = new byte[12 + PayloadLength];
        RtpPacket.WriteHeader(packet, 96, 0, 0, Ssrc);
        new Random(1).NextBytes(packet.AsSpan(14));
        packet[12] = 0x10; // VP8 payload descriptor: S = 1, partition 0 (RFC 7741 §4.2)
        packet[13] = (byte)(keyframe ? 0x50 : 0x51); // VP8 payload header: P = 0 on a keyframe (RFC 7741 §4.3)
        return packet;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    private static bool IsRelease()
    {
#if DEBUG
        return false;
#else
        return true;
#endif
    }

    private sealed record RelayRun(double CpuMicroseconds, double KernelMicroseconds, long AllocatedBytes, long Published, long Forwarded, string Loss);
}
