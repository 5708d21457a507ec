using Convene.Media.Srtp;

namespace Convene.Media.Tests.Srtp;

/// <summary>RFC 7714 §16.1 (SRTP) and §17.1 / §17.3 (SRTCP) AEAD_AES_128_GCM vectors; session keys given directly.</summary>
public sealed class Rfc7714VectorTests
{
    private const string Rtp =
        "8040f17b8041f8d35501a0b2" + "47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";

    private const string Srtp =
        "8040f17b8041f8d35501a0b2" + "f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833" +
        "899d7f27beb16a9152cf765ee4390cce";

    private const string Rtcp =
        "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";

    private const string SrtcpEncrypted =
        "81c8000d4d617273" + "63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275b" +
        "c84aa45896cf4d2fc5abf87245d9eade" + "800005d4";

    private const string SrtcpTagOnly = Rtcp + "841dd9683dd78ec92ae58790125f62b3" + "000005d4";

    private static SrtpContext Context()
    {
        byte[] key = Hex.Parse("000102030405060708090a0b0c0d0e0f");
        byte[] salt = Hex.Parse("517569642070726f2071756f");
        return new SrtpContext(SrtpProfile.AeadAes128Gcm, new AesGcmCipher(key, salt, key, salt));
    }

    [Fact]
    public void S16_1_RtpEncryption()
    {
        using var ctx = Context();
        byte[] plain = Hex.Parse(Rtp);
        var buffer = new byte[plain.Length + 16];
        plain.CopyTo(buffer, 0);

        Assert.Equal(SrtpStatus.Ok, ctx.ProtectRtp(buffer, plain.Length, out int length));

        Assert.Equal(Srtp, Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void S16_1_RtpDecryption_AndTamperFails()
    {
        using var ctx = Context();
        byte[] wire = Hex.Parse(Srtp);
        Assert.Equal(SrtpStatus.Ok, ctx.UnprotectRtp(wire, out int length));
        Assert.Equal(Rtp, Hex.Of(wire.AsSpan(0, length)));

        using var fresh = Context();
        byte[] tampered = Hex.Parse(Srtp);
        tampered[20] ^= 1;
        Assert.Equal(SrtpStatus.AuthFailed, fresh.UnprotectRtp(tampered, out _));
    }

    [Fact]
    public void S17_1_RtcpEncryption()
    {
        using var ctx = Context();
        byte[] plain = Hex.Parse(Rtcp);
        var buffer = new byte[plain.Length + 20];
        plain.CopyTo(buffer, 0);

        int length = ctx.ProtectRtcpWithIndex(buffer, plain.Length, 0x5d4);

        Assert.Equal(SrtcpEncrypted, Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void S17_1_RtcpDecryption()
    {
        using var ctx = Context();
        byte[] wire = Hex.Parse(SrtcpEncrypted);

        Assert.Equal(SrtpStatus.Ok, ctx.UnprotectRtcp(wire, out int length));

        Assert.Equal(Rtcp, Hex.Of(wire.AsSpan(0, length)));
    }

    [Fact]
    public void S17_3_RtcpTagOnly_VerifiesAndTamperFails()
    {
        using var ctx = Context();
        byte[] wire = Hex.Parse(SrtcpTagOnly);
        Assert.Equal(SrtpStatus.Ok, ctx.UnprotectRtcp(wire, out int length));
        Assert.Equal(Rtcp, Hex.Of(wire.AsSpan(0, length)));

        using var fresh = Context();
        byte[] tampered = Hex.Parse(SrtcpTagOnly);
        tampered[12] ^= 0x80;
        Assert.Equal(SrtpStatus.AuthFailed, fresh.UnprotectRtcp(tampered, out _));
    }
}
