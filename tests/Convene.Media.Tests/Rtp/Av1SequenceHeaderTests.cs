using Convene.Media.Rtp;

namespace Convene.Media.Tests.Rtp;

/// <summary>
/// The frame size in an AV1 keyframe's sequence header OBU (AV1 §5.5.1), found through the RTP aggregation header
/// (AV1 RTP payload format §4.4). Vectors are built bit by bit from the specification's syntax tables.
/// </summary>
public sealed class Av1SequenceHeaderTests
{
    private const byte ObuSequenceHeader = 1 << 3, ObuFrame = 6 << 3;

    [Fact]
    public void A_plain_sequence_header_as_libaom_writes_it_gives_its_size()
    {
        byte[] header = SequenceHeader(640, 360);
        // W = 2: the sequence header with a length, then the frame OBU without one; N = 1 (a new coded video sequence).
        byte[] payload = [0x28, .. Leb128(header.Length), .. header, ObuFrame, 0x10, 0x20];
        Assert.True(Av1SequenceHeader.TryReadFrameSize(payload, out int width, out int height));
        Assert.Equal((640, 360), (width, height));
    }

    [Fact]
    public void Timing_info_a_decoder_model_and_several_operating_points_are_read_past()
    {
        byte[] header = SequenceHeader(1280, 720, timing: true, decoderModel: true, operatingPoints: 3, initialDisplayDelay: true, level: 12);
        byte[] payload = [0x08, .. Leb128(header.Length), .. header]; // W = 0: every element has a length
        Assert.True(Av1SequenceHeader.TryReadFrameSize(payload, out int width, out int height));
        Assert.Equal((1280, 720), (width, height));
    }

    [Fact]
    public void A_reduced_still_picture_header_and_an_obu_with_its_own_size_field_are_read()
    {
        byte[] body = SequenceHeader(320, 180, reduced: true)[1..];
        byte[] obu = [ObuSequenceHeader | 0x02, .. Leb128(body.Length), .. body]; // has_size_field = 1
        byte[] payload = [0x18, .. obu]; // W = 1: the only element, no length field
        Assert.True(Av1SequenceHeader.TryReadFrameSize(payload, out int width, out int height));
        Assert.Equal((320, 180), (width, height));
    }

    [Fact]
    public void The_sequence_header_is_found_after_another_obu()
    {
        byte[] header = SequenceHeader(480, 270);
        byte[] metadata = [5 << 3, 0x01, 0x02];
        byte[] payload = [0x08, .. Leb128(metadata.Length), .. metadata, .. Leb128(header.Length), .. header];
        Assert.True(Av1SequenceHeader.TryReadFrameSize(payload, out _, out int height));
        Assert.Equal(270, height);
    }

    [Fact]
    public void No_sequence_header_a_continuation_or_a_header_cut_short_gives_nothing()
    {
        byte[] header = SequenceHeader(640, 360);
        Assert.False(Av1SequenceHeader.TryReadFrameSize([0x10, ObuFrame, 0x01, 0x02], out _, out _));
        Assert.False(Av1SequenceHeader.TryReadFrameSize([0x98, .. header], out _, out _)); // Z = 1
        Assert.False(Av1SequenceHeader.TryReadFrameSize([0x10, .. header[..3]], out _, out _));
        Assert.False(Av1SequenceHeader.TryReadFrameSize([0x08, 0x40, .. header], out _, out _)); // length past the end
        Assert.False(Av1SequenceHeader.TryReadFrameSize([], out _, out _));
    }

    /// <summary>An OBU header (type 1, no size field) and sequence_header_obu() up to max_frame_height_minus_1, byte-padded.</summary>
    private static byte[] SequenceHeader(
        int width, int height, bool reduced = false, bool timing = false, bool decoderModel = false, int operatingPoints = 1, bool initialDisplayDelay = false, int level = 8)
    {
        var bits = new BitWriter();
        bits.Write(0, 3); // seq_profile
        bits.Write(reduced ? 1 : 0, 1); // still_picture
        bits.Write(reduced ? 1 : 0, 1); // reduced_still_picture_header
        if (reduced)
        {
            bits.Write(level & 0x1F, 5);
        }
        else
        {
            bits.Write(timing ? 1 : 0, 1);
            if (timing)
            {
                bits.Write(1001, 32); // num_units_in_display_tick
                bits.Write(30000, 32); // time_scale
                bits.Write(1, 1); // equal_picture_interval
                bits.Write(0b00101, 5); // uvlc: 2 leading zeros, 1, "01" → 4
                bits.Write(decoderModel ? 1 : 0, 1);
                if (decoderModel)
                {
                    bits.Write(9, 5); // buffer_delay_length_minus_1 → 10-bit delays
                    bits.Write(1001, 32);
                    bits.Write(31, 5);
                    bits.Write(31, 5);
                }
            }

            bits.Write(initialDisplayDelay ? 1 : 0, 1);
            bits.Write(operatingPoints - 1, 5);
            for (int i = 0; i < operatingPoints; i++)
            {
                bits.Write(i == 0 ? 0 : 0x103, 12); // operating_point_idc
                bits.Write(level, 5);
                if (level > 7)
                {
                    bits.Write(1, 1); // seq_tier
                }

                if (timing && decoderModel)
                {
                    bits.Write(1, 1); // decoder_model_present_for_this_op
                    bits.Write(500, 10);
                    bits.Write(300, 10);
                    bits.Write(0, 1);
                }

                if (initialDisplayDelay)
                {
                    bits.Write(1, 1);
                    bits.Write(9, 4);
                }
            }
        }

        bits.Write(15, 4); // frame_width_bits_minus_1
        bits.Write(10, 4); // frame_height_bits_minus_1
        bits.Write(width - 1, 16);
        bits.Write(height - 1, 11);
        bits.Write(0b1010_1010, 8); // what follows (frame_id_numbers_present_flag, …), not read
        return [ObuSequenceHeader, .. bits.ToArray()];
    }

    private static byte[] Leb128(int value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value > 0 ? (byte)(b | 0x80) : b);
        }
        while (value > 0);
        return [.. bytes];
    }

    private sealed class BitWriter
    {
        private readonly List<bool> _bits = [];

        public void Write(long value, int count)
        {
            for (int i = count - 1; i >= 0; i--)
            {
                _bits.Add(((value >> i) & 1) == 1);
            }
        }

        public byte[] ToArray()
        {
            var bytes = new byte[(_bits.Count + 7) / 8];
            for (int i = 0; i < _bits.Count; i++)
            {
                if (_bits[i])
                {
                    bytes[i / 8] |= (byte)(0x80 >> (i % 8));
                }
            }

            return bytes;
        }
    }
}
