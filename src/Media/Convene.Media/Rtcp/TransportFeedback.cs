using System.Buffers.Binary;

namespace Convene.Media.Rtcp;

/// <summary>
/// Reads a transport-wide congestion control feedback message: transport-layer feedback FMT 15
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1). After the SSRCs: base sequence number, packet status
/// count, a 24-bit signed reference time in 64 ms units and a feedback packet count; then 16-bit packet chunks (§3.1.3
/// run length: T = 0, 2-bit symbol, 13-bit run; §3.1.4 status vector: T = 1, S = 0 fourteen 1-bit symbols or S = 1
/// seven 2-bit symbols), then one receive delta per received packet (§3.1.5: symbol 01 one unsigned byte, symbol 10
/// two signed bytes, in 250 µs units, each relative to the previous received packet, the first to the reference
/// time). Walks the packets one by one without allocating.
/// </summary>
public ref struct TransportFeedback
{
    /// <summary>The FMT value.</summary>
    public const int Format = 15;

    private const int ChunksOffset = 20;
    private readonly ReadOnlySpan<byte> _bytes;
    private int _chunkOffset;
    private int _symbolInChunk;
    private int _deltaOffset;
    private int _remaining;
    private ushort _nextSeq;
    private long _arrivalUs;

    private TransportFeedback(ReadOnlySpan<byte> bytes, int deltaOffset)
    {
        _bytes = bytes;
        _chunkOffset = ChunksOffset;
        _deltaOffset = deltaOffset;
        BaseSequence = BinaryPrimitives.ReadUInt16BigEndian(bytes[12..]);
        StatusCount = BinaryPrimitives.ReadUInt16BigEndian(bytes[14..]);
        int reference = (bytes[16] << 16) | (bytes[17] << 8) | bytes[18];
        ReferenceTime = (reference << 8) >> 8; // sign-extend 24 bits
        FeedbackCount = bytes[19];
        _remaining = StatusCount;
        _nextSeq = BaseSequence;
        _arrivalUs = ReferenceTime * 64_000L;
    }

    /// <summary>The transport-wide sequence number of the first packet reported.</summary>
    public ushort BaseSequence { get; }

    /// <summary>How many packets the message reports on.</summary>
    public int StatusCount { get; }

    /// <summary>The reference time in 64 ms units (the receiver's clock, signed 24 bits).</summary>
    public int ReferenceTime { get; }

    /// <summary>The feedback packet count (wraps at 256), to detect lost feedback.</summary>
    public byte FeedbackCount { get; }

    /// <summary>Checks the message and prepares to walk it; false unless it is a complete, well-formed FMT 15 message.</summary>
    public static bool TryRead(RtcpPacket packet, out TransportFeedback feedback)
    {
        feedback = default;
        if (packet.Type != RtcpPacketType.TransportFeedback || packet.Count != Format || packet.ContentLength < ChunksOffset)
        {
            return false;
        }

        ReadOnlySpan<byte> bytes = packet.Bytes[..packet.ContentLength];
        int count = BinaryPrimitives.ReadUInt16BigEndian(bytes[14..]);
        int offset = ChunksOffset;
        int covered = 0;
        int deltaBytes = 0;
        while (covered < count)
        {
            if (offset + 2 > bytes.Length)
            {
                return false;
            }

            ushort chunk = BinaryPrimitives.ReadUInt16BigEndian(bytes[offset..]);
            offset += 2;
            int symbols = SymbolsIn(chunk);
            if (symbols == 0)
            {
                return false; // an empty run would stall the walk
            }

            if ((chunk & 0x8000) == 0)
            {
                int run = Math.Min(symbols, count - covered);
                int symbol = Symbol(chunk, 0);
                if (symbol == 3)
                {
                    return false; // reserved
                }

                deltaBytes += symbol * run;
                covered += run;
                continue;
            }

            for (int i = 0; i < symbols && covered < count; i++, covered++)
            {
                int symbol = Symbol(chunk, i);
                if (symbol == 3)
                {
                    return false;
                }

                deltaBytes += symbol;
            }
        }

        if (offset + deltaBytes > bytes.Length)
        {
            return false;
        }

        feedback = new TransportFeedback(bytes, offset);
        return true;
    }

    /// <summary>
    /// The next packet: its sequence number, whether it arrived and, if so, its arrival time in microseconds on the
    /// receiver's clock (reference time plus the deltas so far). False after the last one.
    /// </summary>
    public bool TryReadNext(out ushort sequence, out bool received, out long arrivalUs)
    {
        sequence = 0;
        received = false;
        arrivalUs = 0;
        if (_remaining <= 0)
        {
            return false;
        }

        ushort chunk = BinaryPrimitives.ReadUInt16BigEndian(_bytes[_chunkOffset..]);
        int symbol = Symbol(chunk, _symbolInChunk);
        if (++_symbolInChunk >= SymbolsIn(chunk))
        {
            _chunkOffset += 2;
            _symbolInChunk = 0;
        }

        sequence = _nextSeq++;
        _remaining--;
        if (symbol == 1)
        {
            _arrivalUs += _bytes[_deltaOffset] * 250L;
            _deltaOffset++;
        }
        else if (symbol == 2)
        {
            _arrivalUs += BinaryPrimitives.ReadInt16BigEndian(_bytes[_deltaOffset..]) * 250L;
            _deltaOffset += 2;
        }

        received = symbol != 0;
        arrivalUs = received ? _arrivalUs : 0;
        return true;
    }

    private static int SymbolsIn(ushort chunk) => (chunk & 0x8000) == 0 ? chunk & 0x1FFF : (chunk & 0x4000) == 0 ? 14 : 7;

    private static int Symbol(ushort chunk, int index) => (chunk & 0x8000) == 0
        ? (chunk >> 13) & 0x3
        : (chunk & 0x4000) == 0 ? (chunk >> (13 - index)) & 0x1 : (chunk >> (12 - (2 * index))) & 0x3;
}
