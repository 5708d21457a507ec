using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Convene.Media.Relay;
using Convene.Media.Routing;
using Convene.Media.Rtp;

namespace Convene.Bench.Media;

/// <summary>
/// The per-subscriber write of one forwarded packet (1,112-byte VP8 RTP with Chromium's mid, abs-send-time and
/// transport-cc elements) into a send slot, SRTP and the socket left out: <see cref="TwoStep"/> is the path before
/// 2026-12-03's one-pass writer (rewrite in the down-track's scratch buffer, insert the playout-delay element there,
/// copy into the slot, insert the transport-wide sequence number there), <see cref="OnePass"/> is
/// <see cref="ForwardedRtpWriter"/> (header rewritten in the slot, both elements appended, payload copied once).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class SendPathBenchmarks
{
    private const byte TransportWideId = 3, PlayoutDelayId = 5;
    private readonly byte[] _source = new byte[1300];
    private readonly byte[] _scratch = new byte[1508];
    private readonly byte[] _slot = new byte[2048];
    private readonly byte[] _map = new byte[16];
    private int _length;
    private ushort _seq;

    /// <summary>Whether the subscriber has NACKed, so every packet also carries the playout-delay element.</summary>
    [Params(false, true)]
    public bool PlayoutDelay { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        RtpPacket.WriteHeader(_source, 96, 1, 3000, 0xB0B0B0B0);
        int length = 12;
        RtpHeaderExtensions.TryInsert(_source, length, 4, "0"u8, out length);
        RtpHeaderExtensions.TryInsert(_source, length, 2, [1, 2, 3], out length);
        RtpHeaderExtensions.TryInsert(_source, length, 3, [0, 1], out length);
        new Random(1).NextBytes(_source.AsSpan(length, 1100));
        _source[length] = 0x10;
        _source[length + 1] = 0x51;
        _length = length + 1100;
        _map[4] = 4; // mid and abs-send-time kept, the publisher's transport-cc dropped (the subscriber's is written)
        _map[2] = 2;
    }

    /// <summary>The two-step path (the code before the one-pass writer, kept here for comparison).</summary>
    [Benchmark(Baseline = true)]
    public int TwoStep()
    {
        ReadOnlySpan<byte> packet = _source.AsSpan(0, _length);
        packet.CopyTo(_scratch);
        RtpPacket.TryParse(_scratch.AsSpan(0, packet.Length), out RtpPacket rtp);
        rtp.Ssrc = 0x1234;
        rtp.PayloadType = 100;
        rtp.SequenceNumber = _seq++;
        rtp.Timestamp = 90_000;
        RtpHeaderExtensions.RewriteIds(_scratch.AsSpan(0, packet.Length), _map);
        int length = packet.Length;
        if (PlayoutDelay)
        {
            Span<byte> value = stackalloc byte[3];
            value[0] = 0;
            value[1] = 0xA3;
            value[2] = 0xE8;
            RtpHeaderExtensions.TryInsert(_scratch, length, PlayoutDelayId, value, out length);
            RtpPacket.TryParse(_scratch.AsSpan(0, length), out rtp);
        }

        rtp.Buffer.CopyTo(_slot);
        Span<byte> sequence = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(sequence, _seq);
        RtpHeaderExtensions.TryInsert(_slot, length, TransportWideId, sequence, out length);
        return length;
    }

    /// <summary>The one-pass writer.</summary>
    [Benchmark]
    public int OnePass() => ForwardedRtpWriter.Write(
        _source.AsSpan(0, _length),
        new RtpSlot(_slot.AsSpan(0, 1984), TransportWideId, _seq),
        new RtpRewrite(0x1234, 100, _seq++, 90_000),
        _map,
        PlayoutDelayId,
        PlayoutDelay ? 10 : -1,
        out _,
        out _);
}
