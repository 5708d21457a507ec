using Convene.Media.Srtp;

namespace Convene.Media.Tests.Srtp;

/// <summary>RFC 3711 appendix B vectors and the libsrtp reference packet built from them.</summary>
public sealed class Rfc3711VectorTests
{
    private static readonly byte[] MasterKey = Hex.Parse("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] MasterSalt = Hex.Parse("0EC675AD498AFEEBB6960B3AABE6");

    [Fact]
    public void B2_AesCmKeystream()
    {
        using var ctr = new AesCtrKeystream(Hex.Parse("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] iv = Hex.Parse("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        var keystream = new byte[0xFF02 * 16];
        ctr.Generate(iv, keystream);

        Assert.Equal("e03ead0935c95e80e166b16dd92b4eb4", Hex.Of(keystream.AsSpan(0x0000 * 16, 16)));
        Assert.Equal("d23513162b02d0f72a43a2fe4a5f97ab", Hex.Of(keystream.AsSpan(0x0001 * 16, 16)));
        Assert.Equal("41e95b3bb0a2e8dd477901e4fca894c0", Hex.Of(keystream.AsSpan(0x0002 * 16, 16)));
        Assert.Equal("ec8cdf7398607cb0f2d21675ea9ea1e4", Hex.Of(keystream.AsSpan(0xFEFF * 16, 16)));
        Assert.Equal("362b7c3c6773516318a077d7fc5073ae", Hex.Of(keystream.AsSpan(0xFF00 * 16, 16)));
        Assert.Equal("6a2cc3787889374fbeb4c81b17ba6c44", Hex.Of(keystream.AsSpan(0xFF01 * 16, 16)));
    }

    [Fact]
    public void B3_KeyDerivation()
    {
        var cipherKey = new byte[16];
        var cipherSalt = new byte[14];
        var authKey = new byte[94];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyDerivation.RtpEncryption, cipherKey);
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyDerivation.RtpSalt, cipherSalt);
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyDerivation.RtpAuthentication, authKey);

        Assert.Equal("c61e7a93744f39ee10734afe3ff7a087", Hex.Of(cipherKey));
        Assert.Equal("30cbbc08863d8c85d49db34a9ae1", Hex.Of(cipherSalt));
        Assert.Equal(
            "cebe321f6ff7716b6fd4ab49af256a156d38baa48f0a0acf3c34e2359e6cdbce" +
            "e049646c43d9327ad175578ef72270986371c10c9a369ac2f94a8c5fbcdddc25" +
            "6d6e919a48b610ef17c2041e474035766b68642c59bbfc2f34db60dbdfb2",
            Hex.Of(authKey));
    }

    // The libsrtp reference packet (srtp_driver) protected with the appendix B.3 master key.
    [Fact]
    public void Protect_MatchesReferencePacket()
    {
        using var ctx = SrtpContext.Create(SrtpProfile.AesCm128HmacSha1_80, MasterKey, MasterSalt);
        byte[] plain = Hex.Parse("800f1234decafbadcafebabe" + "abababababababababababababababab");
        var buffer = new byte[plain.Length + ctx.RtpOverhead];
        plain.CopyTo(buffer, 0);

        Assert.Equal(SrtpStatus.Ok, ctx.ProtectRtp(buffer, plain.Length, out int length));

        Assert.Equal("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb", Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void Unprotect_ReferencePacket()
    {
        using var ctx = SrtpContext.Create(SrtpProfile.AesCm128HmacSha1_80, MasterKey, MasterSalt);
        byte[] wire = Hex.Parse("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");

        Assert.Equal(SrtpStatus.Ok, ctx.UnprotectRtp(wire, out int length));

        Assert.Equal("800f1234decafbadcafebabeabababababababababababababababab", Hex.Of(wire.AsSpan(0, length)));
    }

    [Fact]
    public void Srtcp_ReferencePacket_ProtectAndUnprotect()
    {
        byte[] plain = Hex.Parse("81c8000bcafebabe" + "abababababababababababababababab");
        const string expected = "81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798";
        using var sender = SrtpContext.Create(SrtpProfile.AesCm128HmacSha1_80, MasterKey, MasterSalt);
        var buffer = new byte[plain.Length + sender.RtcpOverhead];
        plain.CopyTo(buffer, 0);

        int length = sender.ProtectRtcpWithIndex(buffer, plain.Length, 1);

        Assert.Equal(expected, Hex.Of(buffer.AsSpan(0, length)));
        using var receiver = SrtpContext.Create(SrtpProfile.AesCm128HmacSha1_80, MasterKey, MasterSalt);
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(buffer.AsSpan(0, length), out int plainLength));
        Assert.Equal(Hex.Of(plain), Hex.Of(buffer.AsSpan(0, plainLength)));
    }
}
