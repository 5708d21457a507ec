using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Convene.Media.Srtp;

/// <summary>
/// AES in counter mode (RFC 3711 §4.1.1): keystream block i is AES(k, IV + i). Counter blocks are built into a
/// reusable buffer and encrypted with a reused ECB transform, so no call allocates. Not thread-safe.
/// </summary>
internal sealed class AesCtrKeystream : IDisposable
{
    private const int ChunkBlocks = 96; // 1,536 bytes: one call covers a full-MTU packet
    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[ChunkBlocks * 16];
    private readonly byte[] _keystream = new byte[ChunkBlocks * 16];

    public AesCtrKeystream(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs <paramref name="data"/> with the keystream that starts at counter block <paramref name="iv"/>.</summary>
    public void Xor(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        ulong high = BinaryPrimitives.ReadUInt64BigEndian(iv);
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]);
        while (!data.IsEmpty)
        {
            int blocks = Math.Min(ChunkBlocks, (data.Length + 15) >> 4);
            Span<byte> counters = _counters.AsSpan(0, blocks * 16);
            for (int i = 0; i < blocks; i++)
            {
                BinaryPrimitives.WriteUInt64BigEndian(counters[(i * 16)..], high);
                BinaryPrimitives.WriteUInt64BigEndian(counters[(i * 16 + 8)..], low);
                low++;
                if (low == 0)
                {
                    high++;
                }
            }

            _ecb.TransformBlock(_counters, 0, blocks * 16, _keystream, 0);
            int n = Math.Min(data.Length, blocks * 16);
            XorInPlace(data[..n], _keystream.AsSpan(0, n));
            data = data[n..];
        }
    }

    /// <summary>Writes raw keystream (for the RFC 3711 appendix B.2 vectors and the key derivation function).</summary>
    public void Generate(ReadOnlySpan<byte> iv, Span<byte> output)
    {
        output.Clear();
        Xor(iv, output);
    }

    private static void XorInPlace(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int width = System.Numerics.Vector<byte>.Count;
            for (; i + width <= data.Length; i += width)
            {
                var v = new System.Numerics.Vector<byte>(data[i..]) ^ new System.Numerics.Vector<byte>(keystream[i..]);
                v.CopyTo(data[i..]);
            }
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }
}
