using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Convene.Media.Rtp;
using Convene.Media.Srtp;

namespace Convene.Bench.Media;

/// <summary>SRTP alone (no socket): protect and unprotect one ~1,100-byte RTP packet per profile.</summary>
[MemoryDiagnoser]
public class SrtpBenchmarks
{
    private readonly byte[] _template = new byte[1100];
    private readonly byte[] _buffer = new byte[1200];
    private SrtpContext _sender = null!;
    private SrtpContext _receiver = null!;
    private ushort _seq;

    /// <summary>The protection profile.</summary>
    [Params(SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = new byte[16];
        var salt = new byte[SrtpKeyLengths.MasterSalt(Profile)];
        new Random(5).NextBytes(key);
        new Random(6).NextBytes(salt);
        _sender = SrtpContext.Create(Profile, key, salt);
        _receiver = SrtpContext.Create(Profile, key, salt);
        RtpPacket.WriteHeader(_template, 96, 0, 0, 0x01020304);
        new Random(7).NextBytes(_template.AsSpan(12));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    /// <summary>Protect only.</summary>
    [Benchmark(Baseline = true)]
    public int Protect()
    {
        _template.CopyTo(_buffer, 0);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), _seq++);
        _sender.ProtectRtp(_buffer, _template.Length, out int length);
        return length;
    }

    /// <summary>Protect, then unprotect with the peer's context.</summary>
    [Benchmark]
    public int ProtectThenUnprotect()
    {
        int length = Protect();
        _receiver.UnprotectRtp(_buffer.AsSpan(0, length), out int plain);
        return plain;
    }
}
