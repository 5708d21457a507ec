using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Convene.Media.Srtp;

/// <summary>AEAD_AES_128_GCM for SRTP and SRTCP (RFC 7714 §8, §9) with a 16-octet tag.</summary>
internal sealed class AesGcmCipher : ISrtpCipher
{
    private const int TagLength = 16;
    private readonly AesGcm _rtp;
    private readonly AesGcm _rtcp;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;
    private byte[]? _aadScratch; // only for the rare tag-only (E = 0) SRTCP packets we receive

    /// <summary>Derives session keys from the master key and 12-byte master salt (RFC 7714 §11).</summary>
    public static AesGcmCipher FromMaster(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        Span<byte> rtpKey = stackalloc byte[16];
        Span<byte> rtcpKey = stackalloc byte[16];
        Span<byte> rtpSalt = stackalloc byte[12];
        Span<byte> rtcpSalt = stackalloc byte[12];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryption, rtpKey);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSalt, rtpSalt);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpEncryption, rtcpKey);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpSalt, rtcpSalt);
        var cipher = new AesGcmCipher(rtpKey, rtpSalt, rtcpKey, rtcpSalt);
        CryptographicOperations.ZeroMemory(rtpKey);
        CryptographicOperations.ZeroMemory(rtcpKey);
        return cipher;
    }

    /// <summary>Uses session keys and salts directly (the RFC 7714 §16/§17 vectors are given this way).</summary>
    public AesGcmCipher(ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt)
    {
        _rtp = new AesGcm(rtpKey, TagLength);
        _rtcp = new AesGcm(rtcpKey, TagLength);
        _rtpSalt = rtpSalt.ToArray();
        _rtcpSalt = rtcpSalt.ToArray();
    }

    public int RtpTagLength => TagLength;

    public int RtcpTagLength => TagLength;

    public void ProtectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, uint roc, ushort seq)
    {
        Span<byte> iv = stackalloc byte[12];
        RtpIv(iv, ssrc, roc, seq);
        Span<byte> payload = buffer[headerLength..length];
        _rtp.Encrypt(iv, payload, payload, buffer.Slice(length, TagLength), buffer[..headerLength]);
    }

    public bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, uint roc, ushort seq)
    {
        Span<byte> iv = stackalloc byte[12];
        RtpIv(iv, ssrc, roc, seq);
        int length = packet.Length - TagLength;
        Span<byte> payload = packet[headerLength..length];
        try
        {
            _rtp.Decrypt(iv, payload, packet[length..], payload, packet[..headerLength]);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        // RFC 7714 §9.1/§9.2: AAD = header(8) || E||index; wire = header || ciphertext || tag || E||index.
        Span<byte> iv = stackalloc byte[12];
        RtcpIv(iv, ssrc, index);
        Span<byte> aad = stackalloc byte[12];
        buffer[..8].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[8..], index | 0x8000_0000u);
        Span<byte> payload = buffer[8..length];
        _rtcp.Encrypt(iv, payload, payload, buffer.Slice(length, TagLength), aad);
        aad[8..].CopyTo(buffer[(length + TagLength)..]);
        return length + TagLength + 4;
    }

    public int UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted)
    {
        Span<byte> iv = stackalloc byte[12];
        RtcpIv(iv, ssrc, index);
        int length = packet.Length - TagLength - 4;
        ReadOnlySpan<byte> tag = packet.Slice(length, TagLength);
        ReadOnlySpan<byte> word = packet[^4..];
        try
        {
            if (encrypted)
            {
                Span<byte> aad = stackalloc byte[12];
                packet[..8].CopyTo(aad);
                word.CopyTo(aad[8..]);
                Span<byte> payload = packet[8..length];
                _rtcp.Decrypt(iv, payload, tag, payload, aad);
            }
            else
            {
                // RFC 7714 §9.3: with E = 0 the whole packet and the E||index word are AAD, the plaintext empty.
                byte[] aad = _aadScratch ??= new byte[2048];
                if (length + 4 > aad.Length)
                {
                    return -1;
                }

                packet[..length].CopyTo(aad);
                word.CopyTo(aad.AsSpan(length));
                _rtcp.Decrypt(iv, ReadOnlySpan<byte>.Empty, tag, Span<byte>.Empty, aad.AsSpan(0, length + 4));
            }

            return length;
        }
        catch (AuthenticationTagMismatchException)
        {
            return -1;
        }
    }

    /// <summary>RFC 7714 §8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt.</summary>
    private void RtpIv(Span<byte> iv, uint ssrc, uint roc, ushort seq)
    {
        iv.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(iv[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(iv[6..], roc);
        BinaryPrimitives.WriteUInt16BigEndian(iv[10..], seq);
        for (int i = 0; i < 12; i++)
        {
            iv[i] ^= _rtpSalt[i];
        }
    }

    /// <summary>RFC 7714 §9.1: IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt.</summary>
    private void RtcpIv(Span<byte> iv, uint ssrc, uint index)
    {
        iv.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(iv[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(iv[8..], index & 0x7FFF_FFFFu);
        for (int i = 0; i < 12; i++)
        {
            iv[i] ^= _rtcpSalt[i];
        }
    }

    public void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
    }
}
