using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Convene.Media.Relay;
using Convene.Media.Routing;
using Convene.Media.Rtp;
using Convene.Media.Srtp;
using Convene.Media.Transport;

namespace Convene.Bench.Media;

/// <summary>
/// The media hot path per published packet (~1,100-byte VP8 RTP): the floor is one SRTP protect + one UDP send to
/// loopback; routing adds the router (cache, rewrite) and one protect + send per subscriber.
/// </summary>
[MemoryDiagnoser]
public class ForwardBenchmarks
{
    private const int PayloadLength = 1088;
    private readonly byte[] _template = new byte[12 + PayloadLength];
    private readonly byte[] _buffer = new byte[1600];
    private readonly byte[] _published = new byte[12 + PayloadLength];
    private Socket _socket = null!;
    private Socket _sink = null!;
    private SocketAddress _sinkAddress = null!;
    private SrtpContext _srtp = null!;
    private MediaRouter _router = null!;
    private MediaRouter _batchedRouter = null!;
    private DatagramBatch _batch = null!;
    private readonly byte[] _batchedPublished = new byte[12 + PayloadLength];
    private ushort _batchedSeq;
    private readonly List<SrtpSocketSender> _senders = [];
    private readonly byte[] _bare = new byte[12 + PayloadLength];
    private MediaRouter _bareRouter = null!;
    private ushort _bareSeq;
    private ushort _seq;
    private ushort _publishedSeq;

    /// <summary>Subscribers of the published track.</summary>
    [Params(1, 4, 16)]
    public int Subscribers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sink.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // never read: the kernel drops what overflows
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var sinkEndPoint = (IPEndPoint)_sink.LocalEndPoint!;
        _sinkAddress = sinkEndPoint.Serialize();

        RtpPacket.WriteHeader(_template, 96, 0, 90000, 0xB0B0B0B0);
        _template[12] = 0x10; // VP8: S = 1, PID 0
        _template[13] = 0x51; // interframe
        new Random(1).NextBytes(_template.AsSpan(14));
        _srtp = NewContext(0);

        _router = new MediaRouter();
        var publisher = new NullSender();
        TrackReceiver track = _router.AddTrack(new TrackInfo(0xB0B0B0B0, MediaKind.Video, MediaCodec.Vp8, 96, 90000), publisher);
        for (int i = 0; i < Subscribers; i++)
        {
            var sender = new SrtpSocketSender(NewContext(i + 1), _socket, sinkEndPoint);
            _senders.Add(sender);
            _router.Subscribe(track, new DownTrackOptions((uint)(0x1000 + i), 96), sender);
        }

        _batch = new DatagramBatch(_socket, 64, static (_, _, _) => { });
        _batchedRouter = new MediaRouter();
        TrackReceiver batchedTrack = _batchedRouter.AddTrack(new TrackInfo(0xB0B0B0B0, MediaKind.Video, MediaCodec.Vp8, 96, 90000), publisher);
        for (int i = 0; i < Subscribers; i++)
        {
            var sender = new SrtpSocketSender(NewContext(i + 1), _socket, sinkEndPoint, _batch);
            _senders.Add(sender);
            _batchedRouter.Subscribe(batchedTrack, new DownTrackOptions((uint)(0x1000 + i), 96), sender);
        }

        _template.CopyTo(_batchedPublished, 0);
        _batchedPublished[13] = 0x50;
        _batchedRouter.HandleRtp(_batchedPublished);
        _batch.Flush();
        _template.CopyTo(_batchedPublished, 0);
        _batchedSeq = 1;

        _bareRouter = new MediaRouter();
        TrackReceiver bareTrack = _bareRouter.AddTrack(new TrackInfo(0xB0B0B0B0, MediaKind.Video, MediaCodec.Vp8, 96, 90000), publisher);
        for (int i = 0; i < Subscribers; i++)
        {
            _bareRouter.Subscribe(bareTrack, new DownTrackOptions((uint)(0x1000 + i), 96), publisher);
        }

        _template.CopyTo(_bare, 0);
        _bare[13] = 0x50;
        _bareRouter.HandleRtp(_bare);
        _template.CopyTo(_bare, 0);
        _bareSeq = 1;

        _template.CopyTo(_published, 0);
        _published[13] = 0x50; // one keyframe starts every down-track
        _router.HandleRtp(_published);
        _template.CopyTo(_published, 0);
        _publishedSeq = 1;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _router.Dispose();
        _batchedRouter.Dispose();
        _bareRouter.Dispose();
        foreach (SrtpSocketSender sender in _senders)
        {
            sender.Dispose();
        }

        _srtp.Dispose();
        _socket.Dispose();
        _sink.Dispose();
    }

    /// <summary>The floor: protect one packet and send it.</summary>
    [Benchmark(Baseline = true)]
    public int ProtectAndSend()
    {
        _template.CopyTo(_buffer, 0);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), _seq++);
        _srtp.ProtectRtp(_buffer, _template.Length, out int length);
        return _socket.SendTo(_buffer.AsSpan(0, length), SocketFlags.None, _sinkAddress);
    }

    /// <summary>Route one packet to every subscriber: cache, rewrite, protect and send per subscriber.</summary>
    [Benchmark]
    public void ForwardToSubscribers()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_published.AsSpan(2), _publishedSeq++);
        _router.HandleRtp(_published);
    }

    /// <summary>The same with the relay's batched sends: N protected copies leave in one sendmmsg (Linux).</summary>
    [Benchmark]
    public void ForwardToSubscribersBatched()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_batchedPublished.AsSpan(2), _batchedSeq++);
        _batchedRouter.HandleRtp(_batchedPublished);
        _batch.Flush();
    }

    /// <summary>The router alone: cache, rewrite and hand over to N senders that do nothing.</summary>
    [Benchmark]
    public void ForwardWithoutTransport()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_bare.AsSpan(2), _bareSeq++);
        _bareRouter.HandleRtp(_bare);
    }

    private static SrtpContext NewContext(int seed)
    {
        var key = new byte[16];
        var salt = new byte[14];
        new Random(seed).NextBytes(key);
        new Random(seed + 100).NextBytes(salt);
        return SrtpContext.Create(SrtpProfile.AesCm128HmacSha1_80, key, salt);
    }

    private sealed class NullSender : IMediaSender
    {
        private readonly byte[] _slot = new byte[1600];

        public RtpSlot ReserveRtp() => new(_slot);

        public void CommitRtp(int length, bool transportWideStamped)
        {
        }

        public void SendRtcp(ReadOnlySpan<byte> packet)
        {
        }
    }
}
